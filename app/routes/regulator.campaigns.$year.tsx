import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useResolvedPath, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole } from "~/auth/guards.server";
import { BarChart } from "~/components/bar-chart";
import { useDistrictName } from "~/components/organization-facts";
import { CreditBadges } from "~/components/credit-badges";
import { FilterForm, FilterSelect } from "~/components/filter-form";
import { useLinkClicks } from "~/components/link-clicks";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { campaignCharts } from "~/daily-gate/campaign-charts.server";
import { campaignCases, campaignDashboard, readCaseListFilter, remindUnfiled } from "~/daily-gate/campaigns.server";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { REPORT_RESULTS, REPORT_STATES, UNFILED_STATES } from "~/daily-gate/report-form";
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";
import { readPageParams } from "~/forms/page-params";
import { formatDate, formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/locale.server";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { vocabularyLabel } from "~/i18n/labels";

function yearOf(value: string | undefined): number {
  if (!/^\d{4}$/.test(value ?? "")) throw new Response("Not Found", { status: 404 });
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const year = yearOf(params.year);
  const url = new URL(request.url);
  const pageParams = readPageParams(url);
  const filter = readCaseListFilter(url);
  const [dashboard, cases, locale] = await Promise.all([campaignDashboard(year), campaignCases(year, filter, pageParams), getLocale(request)]);
  // Listed organizations carry their badge in the case list (one query for the page).
  const items = await withCreditLists(cases.items, (c) => c.organizationId);
  const charts = campaignCharts(dashboard, url.pathname, locale);
  return { dashboard, charts, cases: { ...cases, items }, ...pageParams, filter, now: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const year = yearOf(params.year);
  const count = await remindUnfiled(user, year);
  return redirect(`/regulator/campaigns/${year}?reminded=${count}`);
}

export default function CampaignDashboard() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { dashboard: d, charts, cases, page, pageSize, filter, now } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const revalidator = useRevalidator();
  // The stats', charts' and list's links are plain anchors navigating through one handler per
  // block: a <Link> each cost a tenth of this page's server time (ADR 011).
  const onLinkClick = useLinkClicks();
  const here = useResolvedPath(".").pathname;
  // While the job opens cases, poll its progress row.
  useEffect(() => {
    if (d.status !== "opening") return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [d.status, revalidator]);
  const percent = d.progress.total ? Math.round((d.progress.processed / d.progress.total) * 100) : d.status === "open" ? 100 : 0;
  const reminded = search.get("reminded");
  // What the reminder reaches (every unfiled report: still being filled in, or overdue).
  const unfiled = UNFILED_STATES.reduce((n, s) => n + (d.byState[s] ?? 0), 0);
  const afterDeadline = new Date(now) > new Date(d.registryDeadline);
  /** The case list below, filtered by one state, district, type or result. */
  const casesWhere = (name: "state" | "district" | "type" | "result", value: string) => `${here}?${name}=${value}#cases`;
  const casesIn = (s: string) => casesWhere("state", s);
  return (
    <>
      <p className="muted">
        <Link to="/regulator/campaigns">{t("dailyGate.campaigns.title")}</Link>
      </p>
      <h1>{t("dailyGate.dashboard.title", { year: d.year })}</h1>
      <p className="lead">
        {t(`dailyGate.mode.${d.mode}`)} ·{" "}
        {t("annualReport.deadlines", { sponsor: formatDate(d.sponsorDeadline, locale), registry: formatDate(d.registryDeadline, locale) })}
      </p>
      {reminded !== null ? (
        <p className="notice" role="status">
          {t("dailyGate.dashboard.reminded", { count: reminded })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="progress-title">
        <h2 id="progress-title">{t(`dailyGate.campaign.status.${d.status}`)}</h2>
        <progress className="campaign-progress" max={100} value={percent} aria-label={t("dailyGate.dashboard.progress")}>
          {percent}%
        </progress>
        <p className="muted">{t("dailyGate.dashboard.progressText", { processed: d.progress.processed, total: d.progress.total, created: d.progress.created, exempt: d.progress.exempt })}</p>
      </section>
      <dl className="stat-grid" onClick={onLinkClick}>
        {(
          [
            ["dailyGate.dashboard.total", d.total, casesIn("")],
            ["dailyGate.dashboard.filed", d.filed, null],
            ["dailyGate.dashboard.reviewed", d.reviewed, null],
            ["dailyGate.dashboard.unfiled", d.byState.draft ?? 0, casesIn("draft")],
            ["dailyGate.dashboard.overdue", d.overdue, casesIn("overdue")],
          ] as const
        ).map(([label, value, to]) => (
          <div key={label} className="stat">
            <dt>{t(label)}</dt>
            <dd>
              {value}
              {to ? (
                <>
                  {" "}
                  <a className="stat__link" href={to} data-discover="true">
                    {t("dailyGate.dashboard.showCases")}
                  </a>
                </>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      <div className="chart-grid" onClick={onLinkClick}>
        {Object.entries(charts).map(([name, chart]) => (
          <BarChart key={name} chart={chart} />
        ))}
      </div>
      <section className="panel" aria-labelledby="remind-title">
        <h2 id="remind-title">{t("dailyGate.dashboard.remind")}</h2>
        <p className="muted">{t("dailyGate.dashboard.remindLead")}</p>
        <p>
          {t("dailyGate.dashboard.sponsorClock")}
          <DueClock dueAt={d.sponsorDeadline} now={now} />
          <br />
          {t("dailyGate.dashboard.registryClock")}
          <DueClock dueAt={d.registryDeadline} now={now} />
        </p>
        {afterDeadline ? <p className="muted">{t("dailyGate.dashboard.afterDeadline")}</p> : null}
        <Form method="post">
          <button type="submit" className="button button--secondary" disabled={unfiled === 0}>
            {t("dailyGate.dashboard.remindButton", { count: unfiled })}
          </button>
        </Form>
        {d.reminders.length ? (
          <ul>
            {d.reminders.map((r) => (
              <li key={r.at}>{t("dailyGate.dashboard.reminderRow", { at: formatDateTime(r.at, locale), by: r.by, count: r.count })}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <h2 id="cases">{t("dailyGate.dashboard.cases")}</h2>
      <FilterForm className="filters" aria-label={t("dailyGate.dashboard.filters")}>
        <FilterSelect name="state" label={t("dailyGate.field.state")} value={filter.state} options={REPORT_STATES.map((s) => [s, t(`annualReport.state.${s}`)])} />
        <FilterSelect name="district" label={t("registration.field.district")} value={filter.district} options={DISTRICTS.map((c) => [c.code, districtName(c.code)])} />
        <FilterSelect name="type" label={t("registration.field.orgType")} value={filter.type} options={ORGANIZATION_TYPES.map((o) => [o, t(`orgType.${o}`)])} />
        <FilterSelect name="result" label={t("annualReport.field.result")} value={filter.result} options={REPORT_RESULTS.map((r) => [r, t(`annualReport.state.${r}`)])} />
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
        <Link to={casesWhere("state", "")}>{t("register.reset")}</Link>
      </FilterForm>
      {cases.items.length === 0 ? (
        <p className="empty">{t("dailyGate.dashboard.noCases")}</p>
      ) : (
        <div className="table-wrap" onClick={onLinkClick}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dailyGate.field.organization")}</th>
                <th scope="col">{t("registration.field.orgType")}</th>
                <th scope="col">{t("registration.field.district")}</th>
                <th scope="col">{t("dailyGate.field.state")}</th>
                <th scope="col">{t("annualReport.field.result")}</th>
                <th scope="col">{t("dailyGate.field.reminded")}</th>
              </tr>
            </thead>
            <tbody>
              {cases.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/annual-reports/${c.id}`} data-discover="true">
                      {c.title}
                    </a>
                    <CreditBadges lists={c.creditLists} />
                  </td>
                  <td>{c.orgType ? vocabularyLabel(t, ORGANIZATION_TYPES, (type) => `orgType.${type}`, c.orgType) : ""}</td>
                  <td>{c.district ? districtName(c.district) : ""}</td>
                  <td>{workflowLabel(t, "annualReport", "state", c.state)}</td>
                  <td>{c.result ? workflowLabel(t, "annualReport", "state", c.result) : ""}</td>
                  <td>{c.reminded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={cases.total} />
    </>
  );
}
