/**
 * The regulator's competition reporting on the demo seed: the funding dashboard adds up (by
 * category and district, to what was awarded and paid), the Excel export carries the same
 * results as the public API, and a new competition is validated and created once per year.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { Competition } from "@models/competition";
import { Disbursement } from "@models/disbursement";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { resultsDocument } from "~/competition/public/public.server";
import { competitionCasePage } from "~/competition/regulator.server";
import { fundingDashboard, resultsWorkbook } from "~/competition/funding/reporting.server";
import { createCompetition } from "~/competition/setup/setup.server";
import { translator } from "~/i18n/i18n";
import { seedDemo } from "../../scripts/seed/demo";

let pastId: string;
let regulator: SessionUser;

beforeAll(async () => {
  await seedDemo(() => {});
  pastId = String((await WorkflowCase.findOne({ kind: "competition", caseKey: "competition:2022" }, { _id: 1 }).lean())!._id);
  const u = (await User.findOne({ username: "regulator" }).lean())!;
  regulator = { id: String(u._id), username: u.username, displayName: u.displayName, role: u.role, organizationId: null, partyInstructorId: null };
}, 180_000);

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

describe("funding dashboard", () => {
  it("adds up by category and by district to the awards of funded projects and the tranches paid", async () => {
    const dashboard = await fundingDashboard(pastId);
    const results = (await resultsDocument(pastId))!;
    const funded = results.entries.filter((e) => e.awarded > 0 && !["selected", "notSelected", "disqualified"].includes(e.status));
    const paid = await Disbursement.find({ competitionId: pastId }, { amountFen: 1 }).lean();
    expect(dashboard.projects).toBe(funded.length);
    expect(dashboard.projects).toBeGreaterThan(0);
    expect(dashboard.committedFen).toBe(sum(funded.map((e) => e.awarded)));
    expect(dashboard.committedFen).toBeLessThanOrEqual(dashboard.budgetFen);
    expect(dashboard.paidFen).toBe(sum(paid.map((p) => p.amountFen)));
    for (const groups of [dashboard.byCategory, dashboard.byDistrict]) {
      expect(sum(groups.map((g) => g.committedFen))).toBe(dashboard.committedFen);
      expect(sum(groups.map((g) => g.paidFen))).toBe(dashboard.paidFen);
      expect(sum(groups.map((g) => g.projects))).toBe(dashboard.projects);
      expect(sum(groups.map((g) => g.beneficiaries))).toBe(dashboard.beneficiaries);
    }
    expect(dashboard.beneficiaries).toBeGreaterThan(0);
  });

  it("is on the case page once results are final, not before", async () => {
    expect((await competitionCasePage(pastId)).dashboard?.projects).toBeGreaterThan(0);
    const openId = String((await WorkflowCase.findOne({ kind: "competition", state: "open" }, { _id: 1 }).lean())!._id);
    expect((await competitionCasePage(openId)).dashboard).toBeNull();
  });
});

describe("results export", () => {
  it("has one row per result in rank order, with the awards and judge totals of the public results", async () => {
    const { buffer, fileName } = await resultsWorkbook(pastId, translator("zh-CN"));
    expect(fileName).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const results = (await resultsDocument(pastId))!;
    expect(sheet.rowCount).toBe(results.entries.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const rows = Array.from({ length: results.entries.length }, (_, i) => sheet.getRow(i + 2));
    const ranks = rows.map((r) => r.getCell(col("名次")).value).filter((v) => v !== "" && v !== null);
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    expect(sum(rows.map((r) => Math.round(Number(r.getCell(col("资助金额")).value) * 100)))).toBe(sum(results.entries.map((e) => e.awarded)));
    const first = results.entries.find((e) => e.rank === 1)!;
    expect(rows[0]!.getCell(col("项目名称")).value).toBe(first.title);
    for (const judge of first.judgeTotals) expect(rows[0]!.getCell(col(judge.judge)).value).toBeCloseTo(judge.total, 9);
  });
});

describe("new competition", () => {
  const form = (fields: Record<string, string>) => fields;
  const valid = { title: "2031年银川市社区公益创投大赛", theme: "测试", year: "2031", budget: "2000000", cap: "100000", opensOn: "2031-03-01", closesOn: "2031-04-15" };

  it("refuses a cap above the budget and a window that ends before it opens, keeping what was typed", async () => {
    const refused = await createCompetition(regulator, form({ ...valid, cap: "3000000", closesOn: "2031-02-01" }));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors).toEqual({ cap: "competitionAdmin.error.capAboveBudget", closesOn: "competitionAdmin.error.window" });
    expect(refused.values.title).toBe(valid.title);
    expect(await Competition.countDocuments({ year: 2031 })).toBe(0);
  });

  it("creates a draft that can be opened with the inherited rubric, and only one per year", async () => {
    const created = await createCompetition(regulator, form(valid));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const page = await competitionCasePage(created.id);
    expect(page.state).toBe("draft");
    expect(page.budgetFen).toBe(200_000_000);
    expect(page.intents).toEqual(["OPEN"]);
    const again = await createCompetition(regulator, form(valid));
    expect(again).toMatchObject({ ok: false, errors: { year: "competitionAdmin.error.yearTaken" } });
  });
});
