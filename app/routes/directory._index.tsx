import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { useOrganizationColumns } from "~/components/organization-columns";
import { RegisterSearch } from "~/components/register-search";
import { formatDate } from "~/i18n/format";
import { getTranslator } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { publicItems } from "~/register/open-data.server";
import { searchRegister } from "~/register/register-index.server";
import { readRegisterQuery } from "~/register/register-query";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** 社会组织名录: the public directory (no login, no personal contact data). */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = readRegisterQuery(new URL(request.url), "public");
  const [result, t] = await Promise.all([searchRegister(query), getTranslator(request)]);
  const items = await publicItems(result.items);
  return { title: `${t("directory.title")} · ${t("app.shortName")}`, query, total: result.total, items };
}

export default function Directory() {
  const { t, locale } = useTranslation();
  const columns = useOrganizationColumns();
  const { query, total, items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("directory.title")}</h1>
      <p className="lead">{t("directory.lead")}</p>
      <p className="muted">{t("directory.api", { url: "/api/v1/organizations" })}</p>
      <RegisterSearch query={query} action="/directory" />
      <DataTable
        rows={items}
        rowKey={(o) => o.uscc}
        empty={t("directory.empty")}
        columns={[
          ...columns.register((o: { uscc: string }) => `/directory/${o.uscc}`),
          { header: t("field.establishedAt"), cell: (o) => formatDate(o.registeredAt, locale) },
        ]}
      />
      <Pagination page={query.page} pageSize={query.pageSize} total={total} />
    </>
  );
}
