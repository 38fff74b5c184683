import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
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
  if (data.items.length === 0) return <p className="empty">{t("workflow.cases.empty")}</p>;
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("workflow.cases.kind")}</th>
              <th scope="col">{t("workflow.cases.title")}</th>
              <th scope="col">{t("registration.field.state")}</th>
              <th scope="col">{t("registration.field.dueAt")}</th>
              <th scope="col">{t("workflow.cases.updatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => {
              const info = caseKindInfo(c.kind);
              return (
                <tr key={c.id}>
                  <td>{info ? t(info.label) : c.kind}</td>
                  <td>{info ? <Link to={info.href(c.id)}>{c.title}</Link> : c.title}</td>
                  <td>{info ? t(`${info.labelPrefix}.state.${c.state}` as MessageKey) : c.state}</td>
                  <td>
                    <DueClock dueAt={c.dueAt} now={data.now} />
                  </td>
                  <td>{formatDateTime(c.updatedAt, locale)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
