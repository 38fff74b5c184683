import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { readPageParams } from "~/forms/page-params";
import { formatDate, formatDateTime } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { spotCheckRectificationsOf } from "~/workbench/work-items.server";
import { caseKindInfo, regulatorCaseHref } from "~/workflow/case-links";
import { casesOfOrganization } from "~/workflow/organization-cases.server";

/** The organization page's gate-cases tab: registration, inspections, exits … with their state, and spot-check rectifications. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const pageParams = readPageParams(new URL(request.url));
  const [cases, rectifications] = await Promise.all([casesOfOrganization(params.id!, pageParams), spotCheckRectificationsOf(params.id!)]);
  return { ...cases, ...pageParams, rectifications, now: new Date().toISOString() };
}

export default function OrganizationCases() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <DataTable
        rows={data.items.map((c) => ({ ...c, info: caseKindInfo(c.kind), href: regulatorCaseHref(c.kind, c.id) }))}
        empty={t("workflow.cases.empty")}
        columns={[
          { header: t("workflow.cases.kind"), cell: ({ info }) => (info ? t(info.label) : t("workflow.cases.otherKind")) },
          { header: t("workflow.cases.title"), cell: ({ href, title }) => (href ? <Link to={href}>{title}</Link> : title) },
          { header: t("registration.field.state"), cell: ({ info, state }) => (info ? workflowLabel(t, info.labelPrefix, "state", state) : "") },
          { header: t("registration.field.dueAt"), cell: (c) => <DueClock dueAt={c.dueAt} now={data.now} /> },
          { header: t("workflow.cases.updatedAt"), cell: (c) => formatDateTime(c.updatedAt, locale) },
        ]}
      />
      {data.items.length > 0 ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
      {data.rectifications.length > 0 ? (
        <>
          <h2>{t("workflow.cases.spotChecks")}</h2>
          <DataTable
            rows={data.rectifications}
            rowKey={(r) => `${r.drawnAt}:${r.items}`}
            columns={[
              { header: t("workflow.cases.drawnAt"), cell: (r) => <Link to="/regulator/spot-checks">{formatDate(r.drawnAt, locale)}</Link> },
              { header: t("workflow.cases.items"), cell: (r) => r.items },
              { header: t("registration.field.state"), cell: (r) => t(`spotCheck.status.${r.status}`) },
              { header: t("registration.field.dueAt"), cell: (r) => (r.status === "open" ? <DueClock dueAt={r.deadline} now={data.now} /> : formatDate(r.deadline, locale)) },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
