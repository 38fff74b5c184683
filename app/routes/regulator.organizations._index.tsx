import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { useDistrictName } from "~/components/organization-facts";
import { Pagination } from "~/components/pagination";
import { RegisterSearch, StatusBadge } from "~/components/register-search";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { fenToWanYuanString, formatDate } from "~/i18n/format";
import { getTranslator } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { instructorOptions, searchRegister, toRegisterRow } from "~/register/register-index.server";
import { readRegisterQuery, registerQueryParams } from "~/register/register-query";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** 登记管理: the regulator's register, searched, filtered, sorted and paged on the server. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const query = readRegisterQuery(new URL(request.url), "regulator");
  const [result, instructors, t] = await Promise.all([searchRegister(query), instructorOptions(), getTranslator(request)]);
  // Badges for the page's rows in one query (the read model does not carry credit lists).
  const items = await withCreditLists(result.items.map(toRegisterRow), (row) => row.id);
  return {
    title: `${t("register.title")} · ${t("app.shortName")}`,
    query,
    exportQuery: registerQueryParams(query).toString(),
    total: result.total,
    items,
    instructors,
  };
}

export default function RegisterPage() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { query, exportQuery, total, items, instructors } = useLoaderData<typeof loader>();
  const instructorName = new Map(instructors.map((i) => [i.id, i.name]));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("register.title")}</h1>
          <p className="lead">{t("register.lead")}</p>
        </div>
        <p className="register-tools">
          <a className="button button--secondary" href={`/regulator/organizations/export${exportQuery ? `?${exportQuery}` : ""}`} download>
            {t("register.export")}
          </a>
          <Link className="button button--secondary" to="/regulator/organizations/import">
            {t("register.import")}
          </Link>
        </p>
      </div>
      <RegisterSearch query={query} action="/regulator/organizations" instructors={instructors} />
      <h2 className="visually-hidden">{t("register.results")}</h2>
      {items.length === 0 ? (
        <p className="empty">{t("register.empty")}</p>
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
                <th scope="col">{t("field.registeredCapital")}</th>
                <th scope="col">{t("field.partyForm")}</th>
                <th scope="col">{t("register.filter.instructor")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/regulator/organizations/${o.id}`}>{o.name}</Link>
                    <CreditBadges lists={o.creditLists} />
                  </td>
                  <td className="mono">{o.uscc}</td>
                  <td>{t(`orgType.${o.type}`)}</td>
                  <td>{districtName(o.district)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td>{o.legalRepresentative}</td>
                  <td>{formatDate(o.establishedAt, locale)}</td>
                  <td className="number">{t("money.wanYuan", { amount: fenToWanYuanString(o.registeredCapitalFen) })}</td>
                  <td>{t(`partyForm.${o.partyForm}`)}</td>
                  <td>{o.instructorId ? (instructorName.get(o.instructorId) ?? "") : t("common.none")}</td>
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
