import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useDistrictName } from "~/components/organization-facts";
import { CreditBadges } from "~/components/credit-badges";
import { Pagination } from "~/components/pagination";
import { RegisterSearch, StatusBadge } from "~/components/register-search";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { formatDate } from "~/i18n/format";
import { getTranslator } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { searchRegister, toPublicItem } from "~/register/register-index.server";
import { readRegisterQuery } from "~/register/register-query";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** 社会组织名录: the public directory (no login, no personal contact data). */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = readRegisterQuery(new URL(request.url), "public");
  const [result, t] = await Promise.all([searchRegister(query), getTranslator(request)]);
  // Credit lists are public (信用信息公示); one query for the page's rows. No internal id leaves the server.
  const listed = await withCreditLists(result.items, (entry) => entry.id);
  const items = listed.map((entry) => ({ ...toPublicItem(entry), creditLists: entry.creditLists }));
  return { title: `${t("directory.title")} · ${t("app.shortName")}`, query, total: result.total, items };
}

export default function Directory() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { query, total, items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("directory.title")}</h1>
      <p className="lead">{t("directory.lead")}</p>
      <p className="muted">{t("directory.api", { url: "/api/v1/organizations" })}</p>
      <RegisterSearch query={query} action="/directory" />
      {items.length === 0 ? (
        <p className="empty">{t("directory.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.name")}</th>
                <th scope="col">{t("field.uscc")}</th>
                <th scope="col">{t("field.type")}</th>
                <th scope="col">{t("field.district")}</th>
                <th scope="col">{t("field.status")}</th>
                <th scope="col">{t("field.legalRepresentative")}</th>
                <th scope="col">{t("field.establishedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.uscc}>
                  <td>
                    <Link to={`/directory/${o.uscc}`}>{o.name}</Link>
                    <CreditBadges lists={o.creditLists} />
                  </td>
                  <td className="mono">{o.uscc}</td>
                  <td>{t(`orgType.${o.type}`)}</td>
                  <td>{districtName(o.district)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td>{o.legalRepresentative}</td>
                  <td>{formatDate(o.registeredAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={query.page} pageSize={query.pageSize} total={total} />
    </>
  );
}
