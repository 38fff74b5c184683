import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DueClock } from "~/components/workflow/due-clock";
import { myReports } from "~/daily-gate/annual-reports.server";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  return { reports: await myReports(user), now: new Date().toISOString() };
}

export default function MyAnnualReports() {
  const { t } = useTranslation();
  const { reports, now } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("annualReport.mine.title")}</h1>
      <p className="lead">{t("annualReport.mine.lead")}</p>
      {reports.length === 0 ? (
        <p className="empty">{t("annualReport.mine.empty")}</p>
      ) : (
        <ul className="card-list">
          {reports.map((r) => (
            <li key={r.id}>
              <Link to={`/annual-reports/${r.id}`}>{t("annualReport.title", { year: r.year })}</Link> ·{" "}
              <span className={`badge badge--${r.state}`}>{workflowLabel(t, "annualReport", "state", r.state)}</span>{" "}
              {r.state === "draft" ? <DueClock dueAt={r.dueAt} now={now} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
