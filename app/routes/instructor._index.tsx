import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { useDistrictName } from "~/components/organization-facts";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { instructorWork, VISIT_INTERVAL_DAYS } from "~/workbench/work-items.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "instructor");
  return { ...(await instructorWork(user, VISIT_INTERVAL_DAYS)), days: VISIT_INTERVAL_DAYS };
}

/** The instructor's workbench: their organizations, the longest unvisited first. */
export default function InstructorHome() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { organizations, stale, days } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.instructor.title")}</h1>
      <p className="lead">{t("workspace.instructor.lead")}</p>
      <section className="panel" aria-labelledby="work-title">
        <h2 id="work-title">{t("workbench.title")}</h2>
        <p className={stale > 0 ? "alert" : "muted"}>{t("workbench.instructor.stale", { days, count: stale })}</p>
        <DataTable
          rows={organizations}
          empty={t("workspace.instructor.empty")}
          columns={[
            { header: t("field.name"), cell: (o) => <Link to={`/instructor/organizations/${o.id}`}>{o.name}</Link> },
            { header: t("field.district"), cell: (o) => districtName(o.district) },
            { header: t("field.partyForm"), cell: (o) => t(`partyForm.${o.partyForm}`) },
            {
              header: t("visit.last"),
              cell: (o) =>
                o.lastVisit ? (
                  <span className={o.stale ? "due-clock due-clock--overdue" : ""}>
                    {formatDate(o.lastVisit, locale)}（{t("workbench.instructor.daysSince", { days: o.daysSince ?? 0 })}）
                  </span>
                ) : (
                  <span className="due-clock due-clock--overdue">{t("workbench.instructor.neverVisited")}</span>
                ),
            },
            { header: "", cell: (o) => <Link to={`/instructor/organizations/${o.id}#visit-form-heading`}>{t("workbench.instructor.logVisit")}</Link> },
          ]}
        />
      </section>
    </>
  );
}
