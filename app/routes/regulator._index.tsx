import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { barChart } from "~/charts/bar-chart.server";
import { BarChart } from "~/components/bar-chart";
import { districtName } from "~/components/organization-facts";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { registerOverview } from "~/register/overview.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const [overview, locale] = await Promise.all([registerOverview(), getLocale(request)]);
  const t = translator(locale);
  const counts = (title: string, header: string, rows: { label: string; count: number }[]) =>
    barChart({ title, categoryHeader: header, categories: rows, series: [{ name: t("chart.count"), values: rows.map((r) => r.count), labels: rows.map((r) => String(r.count)) }] });
  return {
    ...overview,
    charts: {
      byType: counts(t("workspace.byType"), t("field.type"), overview.byType.map((r) => ({ label: t(`orgType.${r.type}`), count: r.count }))),
      byDistrict: counts(t("workspace.byDistrict"), t("field.district"), overview.byDistrict.map((r) => ({ label: districtName(r.district, locale), count: r.count }))),
    },
  };
}

export default function RegulatorHome() {
  const { t } = useTranslation();
  const overview = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.regulator.title")}</h1>
      <p className="lead">{t("workspace.regulator.lead")}</p>
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
        <BarChart chart={overview.charts.byType} />
        <BarChart chart={overview.charts.byDistrict} />
      </div>
    </>
  );
}
