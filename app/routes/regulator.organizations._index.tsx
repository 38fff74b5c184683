import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { useOrganizationColumns } from "~/components/organization-columns";
import { Pagination } from "~/components/pagination";
import { RegisterSearch } from "~/components/register-search";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { formatDate, formatMoney } from "~/i18n/format";
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
  const columns = useOrganizationColumns();
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
      <DataTable
        rows={items}
        empty={t("register.empty")}
        columns={[
          ...columns.register((o: { id: string }) => `/regulator/organizations/${o.id}`),
          { header: t("field.establishedAt"), cell: (o) => formatDate(o.establishedAt, locale) },
          { header: t("field.registeredCapital"), cell: (o) => formatMoney(o.registeredCapitalFen, locale, "wanYuan"), className: "number" },
          columns.partyForm,
          { header: t("register.filter.instructor"), cell: (o) => (o.instructorId ? (instructorName.get(o.instructorId) ?? "") : t("common.none")) },
        ]}
      />
      <Pagination page={query.page} pageSize={query.pageSize} total={total} />
    </>
  );
}
