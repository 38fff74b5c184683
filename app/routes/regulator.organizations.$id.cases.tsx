import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { caseKindInfo } from "~/workflow/case-links";
import { casesOfOrganization } from "~/workflow/organization-cases.server";

/** The organization page's gate-cases tab: registration, inspections, exits … with their state. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await casesOfOrganization(params.id!, pageParams)), ...pageParams, now: new Date().toISOString() };
}

export default function OrganizationCases() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <DataTable
        rows={data.items.map((c) => ({ ...c, info: caseKindInfo(c.kind) }))}
        empty={t("workflow.cases.empty")}
        columns={[
          { header: t("workflow.cases.kind"), cell: ({ info, kind }) => (info ? t(info.label) : kind) },
          { header: t("workflow.cases.title"), cell: ({ info, id, title }) => (info ? <Link to={info.href(id)}>{title}</Link> : title) },
          { header: t("registration.field.state"), cell: ({ info, state }) => (info ? t(`${info.labelPrefix}.state.${state}` as MessageKey) : state) },
          { header: t("registration.field.dueAt"), cell: (c) => <DueClock dueAt={c.dueAt} now={data.now} /> },
          { header: t("workflow.cases.updatedAt"), cell: (c) => formatDateTime(c.updatedAt, locale) },
        ]}
      />
      {data.items.length > 0 ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
    </>
  );
}
