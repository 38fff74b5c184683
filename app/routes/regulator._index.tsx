import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { barChart } from "~/charts/bar-chart.server";
import { BarChart } from "~/components/bar-chart";
import { districtName } from "~/domain/organization";
import { WorkList } from "~/components/work-list";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { registerOverview } from "~/register/overview.server";
import { regulatorWork } from "~/workbench/work-items.server";

/** Where each gate's full list is, for the counts' links. */
const GATE_LISTS = { entry: "/regulator/registrations", daily: "/regulator/campaigns", exit: "/regulator/exits", competition: "/regulator/competitions" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const [work, overview, locale] = await Promise.all([regulatorWork(), registerOverview(), getLocale(request)]);
  const t = translator(locale);
  const counts = (title: string, header: string, rows: { label: string; count: number }[]) =>
    barChart({ title, categoryHeader: header, categories: rows, series: [{ name: t("chart.count"), values: rows.map((r) => r.count), labels: rows.map((r) => String(r.count)) }] });
  return {
    work,
    overview,
    now: new Date().toISOString(),
    charts: {
      byType: counts(t("workspace.byType"), t("field.type"), overview.byType.map((r) => ({ label: t(`orgType.${r.type}`), count: r.count }))),
      byDistrict: counts(t("workspace.byDistrict"), t("field.district"), overview.byDistrict.map((r) => ({ label: districtName(r.district, locale), count: r.count }))),
    },
  };
}

export default function RegulatorHome() {
  const { t } = useTranslation();
  const { work, overview, now, charts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.regulator.title")}</h1>
      <section className="panel" aria-labelledby="work-title">
        <h2 id="work-title">{t("workbench.title")}</h2>
        <p className="lead">{t("workbench.regulator.summary", { total: work.total, overdue: work.overdue })}</p>
        <ul className="stat-grid work-gates" aria-label={t("workbench.title")}>
          {work.byGate.map((g) => (
            <li className="stat" key={g.gate}>
              <Link className="stat__value" to={GATE_LISTS[g.gate]}>
                {g.count}
              </Link>
              <span className="stat__label">{t(`workbench.gate.${g.gate}`)}</span>
              {g.overdue > 0 ? <span className="due-clock due-clock--overdue">{t("workbench.regulator.gateOverdue", { count: g.overdue })}</span> : null}
            </li>
          ))}
        </ul>
        <p className="muted">{t("workbench.lead")}</p>
        <WorkList items={work.items} now={now} />
        {work.total > work.items.length ? <p className="muted">{t("workbench.regulator.shown", { shown: work.items.length })}</p> : null}
      </section>
      <h2>{t("workbench.regulator.register")}</h2>
      <section className="stat-grid">
        <div className="stat">
          <span className="stat__value">{overview.directlyManaged}</span>
          <span className="stat__label">{t("home.stats.organizations")}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{overview.instructors}</span>
          <span className="stat__label">{t("home.stats.instructors")}</span>
        </div>
      </section>
      <div className="two-columns">
        <BarChart chart={charts.byType} />
        <BarChart chart={charts.byDistrict} />
      </div>
    </>
  );
}
