/**
 * The competition's money and reach for regulators: committed (awards of funded projects) and
 * paid (recorded tranches) by category and by district, expected beneficiaries; and the results
 * as an Excel workbook built from the same computation as the public results API.
 */
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { Disbursement } from "@models/disbursement";
import { Organization } from "@models/organization";
import type { Translate } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { requireCompetition } from "../competitions.server";
import { FUNDED_STATES, isDefaultCategory } from "~/domain/competition";
import { entriesOf, publicResults } from "../ranking/ranking.server";

export interface FundingGroup {
  key: string;
  projects: number;
  committedFen: number;
  paidFen: number;
  beneficiaries: number;
}

function addTo(groups: Map<string, FundingGroup>, key: string, committedFen: number, paidFen: number, beneficiaries: number) {
  const group = groups.get(key) ?? { key, projects: 0, committedFen: 0, paidFen: 0, beneficiaries: 0 };
  group.projects += 1;
  group.committedFen += committedFen;
  group.paidFen += paidFen;
  group.beneficiaries += beneficiaries;
  groups.set(key, group);
}

const byCommitted = (a: FundingGroup, b: FundingGroup) => b.committedFen - a.committedFen || a.key.localeCompare(b.key);

export async function fundingDashboard(competitionId: string) {
  const competition = await requireCompetition(competitionId);
  const funded = await entriesOf(competitionId, FUNDED_STATES);
  const paidRows = await Disbursement.find({ competitionId: competition._id }, { entryId: 1, amountFen: 1 }).lean();
  const paidByEntry = new Map<string, number>();
  for (const p of paidRows) paidByEntry.set(String(p.entryId), (paidByEntry.get(String(p.entryId)) ?? 0) + p.amountFen);
  const orgIds = [...new Set(funded.map((e) => e.organizationId))].filter((id) => mongoose.isValidObjectId(id));
  const organizations = await Organization.find({ _id: mongoose.trusted({ $in: orgIds.map((id) => new mongoose.Types.ObjectId(id)) }) }, { district: 1 }).lean();
  const districtOf = new Map(organizations.map((o) => [String(o._id), o.district]));
  const byCategory = new Map<string, FundingGroup>();
  const byDistrict = new Map<string, FundingGroup>();
  for (const entry of funded) {
    const committed = entry.context.decision?.awardFen ?? 0;
    const paid = paidByEntry.get(entry.id) ?? 0;
    const beneficiaries = Number(entry.application.expectedBeneficiaries) || 0;
    addTo(byCategory, entry.application.category ?? "", committed, paid, beneficiaries);
    addTo(byDistrict, districtOf.get(entry.organizationId) ?? "", committed, paid, beneficiaries);
  }
  const all = [...byCategory.values()];
  return {
    budgetFen: competition.totalBudgetFen,
    projects: funded.length,
    committedFen: all.reduce((s, g) => s + g.committedFen, 0),
    paidFen: all.reduce((s, g) => s + g.paidFen, 0),
    beneficiaries: all.reduce((s, g) => s + g.beneficiaries, 0),
    byCategory: [...byCategory.values()].sort(byCommitted),
    byDistrict: [...byDistrict.values()].sort(byCommitted),
  };
}

/** The results workbook: one row per scored entry, amounts in yuan, labels in the reader's language. */
export async function resultsWorkbook(competitionId: string, t: Translate): Promise<{ buffer: Buffer; fileName: string }> {
  const competition = await requireCompetition(competitionId);
  const results = await publicResults(competition);
  const paidRows = await Disbursement.find({ competitionId: competition._id }, { entryId: 1, amountFen: 1 }).lean();
  const paidByEntry = new Map<string, number>();
  for (const p of paidRows) paidByEntry.set(String(p.entryId), (paidByEntry.get(String(p.entryId)) ?? 0) + p.amountFen);
  const judges = [...new Set(results.entries.flatMap((e) => e.judgeTotals.map((j) => j.judge)))].sort();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("regulator.competition.ranking"));
  sheet.columns = [
    { header: t("regulator.competition.rank"), key: "rank", width: 8 },
    { header: t("entry.field.title"), key: "title", width: 32 },
    { header: t("entry.field.organization"), key: "organization", width: 32 },
    { header: "USCC", key: "uscc", width: 22, style: { numFmt: "@" } },
    { header: t("entry.field.category"), key: "category", width: 14 },
    { header: t("competition.field.state"), key: "status", width: 14 },
    { header: t("regulator.competition.finalScore"), key: "finalScore", width: 12, style: { numFmt: "0.00" } },
    { header: t("regulator.competition.requested"), key: "requested", width: 14, style: { numFmt: "#,##0.00" } },
    { header: t("regulator.competition.awarded"), key: "awarded", width: 14, style: { numFmt: "#,##0.00" } },
    { header: t("regulator.competition.paid"), key: "paid", width: 14, style: { numFmt: "#,##0.00" } },
    ...judges.map((j) => ({ header: j, key: `judge:${j}`, width: 10, style: { numFmt: "0.00" } })),
  ];
  sheet.getRow(1).font = { bold: true };
  const ordered = [...results.entries].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.title.localeCompare(b.title, "zh-CN"));
  for (const e of ordered) {
    sheet.addRow({
      rank: e.rank ?? "",
      title: e.title,
      organization: e.organization.name,
      uscc: e.organization.uscc,
      category: isDefaultCategory(e.category) ? t(`competition.category.${e.category}`) : e.category,
      status: workflowLabel(t, "entry", "state", e.status),
      finalScore: e.finalScore ?? "",
      requested: e.requested / 100,
      awarded: e.awarded / 100,
      paid: (paidByEntry.get(e.entryId) ?? 0) / 100,
      ...Object.fromEntries(e.judgeTotals.map((j) => [`judge:${j.judge}`, j.total])),
    });
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, fileName: `${competition.title}-${t("regulator.competition.ranking")}.xlsx` };
}
