/** The competition dashboard's charts: money committed and paid, and expected reach, per group. */
import { barChart } from "~/charts/bar-chart.server";
import { districtName } from "~/domain/organization";
import { formatMoney } from "~/i18n/format";
import { translator, type Locale } from "~/i18n/i18n";
import { isDefaultCategory } from "~/domain/competition";
import type { FundingGroup } from "./reporting.server";

export function fundingCharts(dashboard: { byCategory: FundingGroup[]; byDistrict: FundingGroup[] }, locale: Locale) {
  const t = translator(locale);
  const category = (key: string) => ({ label: isDefaultCategory(key) ? t(`competition.category.${key}`) : key });
  const district = (key: string) => ({ label: districtName(key, locale) });
  const money = (title: string, header: string, groups: FundingGroup[], label: (key: string) => { label: string }, fen: (g: FundingGroup) => number) =>
    barChart({
      title,
      categoryHeader: header,
      categories: groups.map((g) => label(g.key)),
      // Bars in yuan (a length, not an amount); the label is the exact amount.
      series: [{ name: t("competitionAdmin.dashboard.amount"), values: groups.map((g) => fen(g) / 100), labels: groups.map((g) => formatMoney(fen(g), locale, "wanYuan")) }],
    });
  return {
    committedByCategory: money(t("competitionAdmin.dashboard.committedByCategory"), t("entry.field.category"), dashboard.byCategory, category, (g) => g.committedFen),
    paidByCategory: money(t("competitionAdmin.dashboard.paidByCategory"), t("entry.field.category"), dashboard.byCategory, category, (g) => g.paidFen),
    committedByDistrict: money(t("competitionAdmin.dashboard.committedByDistrict"), t("field.district"), dashboard.byDistrict, district, (g) => g.committedFen),
    beneficiariesByCategory: barChart({
      title: t("competitionAdmin.dashboard.beneficiariesByCategory"),
      categoryHeader: t("entry.field.category"),
      categories: dashboard.byCategory.map((g) => category(g.key)),
      series: [{ name: t("competitionAdmin.dashboard.beneficiaries"), values: dashboard.byCategory.map((g) => g.beneficiaries), labels: dashboard.byCategory.map((g) => String(g.beneficiaries)) }],
    }),
  };
}
