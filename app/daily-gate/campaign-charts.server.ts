/** The campaign dashboard's charts; each category links to the case list below, filtered to it. */
import { barChart } from "~/charts/bar-chart.server";
import { districtName } from "~/domain/organization";
import type { OrganizationType } from "~/domain/organization";
import { translator, type Locale } from "~/i18n/i18n";
import { REPORT_RESULTS, REPORT_STATES } from "./report-form";

interface CampaignCounts {
  byState: Record<string, number>;
  results: Record<(typeof REPORT_RESULTS)[number], number>;
  filedByDistrict: Record<string, { filed: number; total: number }>;
  filedByType: Record<string, { filed: number; total: number }>;
}

/** `dashboardPath` is the dashboard's own address; the links add one filter and jump to the list. */
export function campaignCharts(d: CampaignCounts, dashboardPath: string, locale: Locale) {
  const t = translator(locale);
  const casesWhere = (name: "state" | "district" | "type" | "result", value: string) => `${dashboardPath}?${name}=${value}#cases`;
  const counts = (title: string, header: string, rows: { label: string; to: string; count: number }[]) =>
    barChart({ title, categoryHeader: header, categories: rows, series: [{ name: t("chart.count"), values: rows.map((r) => r.count), labels: rows.map((r) => String(r.count)) }] });
  const filed = (title: string, header: string, rows: { label: string; to: string; filed: number; total: number }[]) =>
    barChart({
      title,
      categoryHeader: header,
      categories: rows,
      series: [{ name: t("dailyGate.dashboard.filed"), values: rows.map((r) => r.filed), labels: rows.map((r) => `${r.filed}/${r.total}`) }],
    });
  return {
    byState: counts(
      t("dailyGate.dashboard.byState"),
      t("dailyGate.field.state"),
      REPORT_STATES.map((s) => ({ label: t(`annualReport.state.${s}`), to: casesWhere("state", s), count: d.byState[s] ?? 0 })),
    ),
    byResult: counts(
      t("dailyGate.dashboard.byResult"),
      t("annualReport.field.result"),
      REPORT_RESULTS.map((r) => ({ label: t(`annualReport.state.${r}`), to: casesWhere("result", r), count: d.results[r] })),
    ),
    filedByDistrict: filed(
      t("dailyGate.dashboard.filedByDistrict"),
      t("registration.field.district"),
      Object.entries(d.filedByDistrict).map(([code, v]) => ({ label: districtName(code, locale), to: casesWhere("district", code), ...v })),
    ),
    filedByType: filed(
      t("dailyGate.dashboard.filedByType"),
      t("registration.field.orgType"),
      Object.entries(d.filedByType).map(([type, v]) => ({ label: t(`orgType.${type as OrganizationType}`), to: casesWhere("type", type), ...v })),
    ),
  };
}
