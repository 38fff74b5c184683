/**
 * The regulator's setup and judging administration on the real database: manual assignment
 * keeps automatic assignment's rules (no conflicted judge, no duplicate), reopening a score needs
 * a reason and is logged, the settings editor works in draft only, and eligibility screening
 * reads the daily gate's credit lists.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { Competition } from "@models/competition";
import { JudgeAssignment, JudgeConflict } from "@models/judge-assignment";
import { Organization } from "@models/organization";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import { scoringPage } from "~/competition/judging/judge-pages.server";
import { addJudgeToPanel, assignJudge, removeAssignment, reopenSheet, saveScores } from "~/competition/judging/judging.server";
import { entriesOf, loadCompetition } from "~/competition/ranking/ranking.server";
import { saveCompetitionSettings, settingsPage } from "~/competition/setup/settings.server";
import { createCompetition } from "~/competition/setup/setup.server";
import { recordListing } from "~/daily-gate/credit-lists.server";
import { seedDemo } from "../../scripts/seed/demo";
import { judgedCompetition, submittedEntry } from "../support/competition";
import { sessionUser } from "../support/users";

const oid = (id: string) => new mongoose.Types.ObjectId(id);
const formOf = (values: Record<string, string>) => values;

let competitionId = "";

beforeAll(async () => {
  await seedDemo(() => {});
  ({ id: competitionId } = await judgedCompetition({ label: "评审管理", judges: 3, scored: false }));
}, 180_000);

async function outsider(): Promise<string> {
  const competition = (await loadCompetition(competitionId))!;
  const onPanel = new Set(competition.judgeIds.map(String));
  const judges = await User.find({ role: "judge" }, { _id: 1 }).sort({ username: 1 }).lean();
  return String(judges.find((j) => !onPanel.has(String(j._id)))!._id);
}

describe("manual judge assignment", () => {
  it("adds a judge to the panel once, then refuses a conflicted judge and a duplicate, and brings back a removed assignment", async () => {
    const regulator = await sessionUser("regulator");
    const judgeId = await outsider();
    expect(await addJudgeToPanel((await loadCompetition(competitionId))!, judgeId)).toEqual({ ok: true });
    expect(await addJudgeToPanel((await loadCompetition(competitionId))!, judgeId)).toMatchObject({ ok: false, error: "competitionSetup.error.alreadyOnPanel" });
    const competition = (await loadCompetition(competitionId))!;
    const [linkedEntry, freeEntry] = await entriesOf(competitionId, ["underReview"]);

    await JudgeConflict.create({ judgeId: oid(judgeId), organizationId: oid(linkedEntry!.organizationId), reason: "曾任该机构理事", declaredAt: new Date() });
    expect(await assignJudge(regulator, competition, linkedEntry!.id, judgeId)).toMatchObject({ ok: false, status: 409, error: "competitionSetup.error.conflicted" });
    expect(await JudgeAssignment.exists({ entryId: oid(linkedEntry!.id), judgeId: oid(judgeId) })).toBeNull();

    expect(await assignJudge(regulator, competition, freeEntry!.id, judgeId)).toEqual({ ok: true });
    expect(await assignJudge(regulator, competition, freeEntry!.id, judgeId)).toMatchObject({ ok: false, error: "competitionSetup.error.duplicate" });
    const automatic = await JudgeAssignment.findOne({ entryId: oid(freeEntry!.id), automatic: true, status: "active" }, { judgeId: 1 }).lean();
    expect(await assignJudge(regulator, competition, freeEntry!.id, String(automatic!.judgeId))).toMatchObject({ ok: false, error: "competitionSetup.error.duplicate" });

    expect(await removeAssignment(regulator, competition, freeEntry!.id, judgeId)).toEqual({ ok: true });
    expect((await JudgeAssignment.findOne({ entryId: oid(freeEntry!.id), judgeId: oid(judgeId) }).lean())).toMatchObject({ status: "removed", removedBy: regulator.displayName });
    expect(await assignJudge(regulator, competition, freeEntry!.id, judgeId)).toEqual({ ok: true });
    expect((await JudgeAssignment.findOne({ entryId: oid(freeEntry!.id), judgeId: oid(judgeId) }).lean())).toMatchObject({ status: "active", automatic: false, assignedBy: regulator.displayName });
  });

  it("refuses a judge who is not on the panel", async () => {
    const regulator = await sessionUser("regulator");
    const competition = (await loadCompetition(competitionId))!;
    const [entry] = await entriesOf(competitionId, ["underReview"]);
    const stranger = String((await User.findOne({ username: "org" }, { _id: 1 }).lean())!._id);
    expect(await assignJudge(regulator, competition, entry!.id, stranger)).toMatchObject({ ok: false, error: "competitionSetup.error.notOnPanel" });
  });
});

describe("reopening a submitted score", () => {
  it("needs a reason, returns the sheet to the judge with the reason logged, and the judge submits again (seeing others only if the rules allow)", async () => {
    const regulator = await sessionUser("regulator");
    const assignment = (await JudgeAssignment.findOne({ competitionId: oid(competitionId), status: "active", automatic: true }, { entryId: 1, judgeId: 1 }).lean())!;
    const judgeUser = (await User.findById(assignment.judgeId, { username: 1 }).lean())!;
    const judge = await sessionUser(judgeUser.username);
    const entryId = String(assignment.entryId);
    const scores = { points_need: "8", points_design: "7" };
    expect(await saveScores(judge, entryId, scores, true)).toEqual({ ok: true });

    expect(await reopenSheet(regulator, competitionId, entryId, judge.id, "   ")).toMatchObject({ ok: false, status: 400, error: "competitionSetup.error.reasonRequired" });
    expect((await ScoreSheet.findOne({ entryId: oid(entryId), judgeId: oid(judge.id) }).lean())!.status).toBe("submitted");
    // A submitted score keeps its judge on the entry until it is reopened.
    expect(await removeAssignment(regulator, (await loadCompetition(competitionId))!, entryId, judge.id)).toMatchObject({ ok: false, error: "competitionSetup.error.scoreSubmitted" });

    expect(await reopenSheet(regulator, competitionId, entryId, judge.id, "第二项评分与评语不一致，请复核")).toEqual({ ok: true });
    const sheet = (await ScoreSheet.findOne({ entryId: oid(entryId), judgeId: oid(judge.id) }).lean())!;
    expect(sheet.status).toBe("draft");
    expect(sheet.reopenings).toHaveLength(1);
    expect(sheet.reopenings[0]).toMatchObject({ reason: "第二项评分与评语不一致，请复核", byName: regulator.displayName });
    expect((await scoringPage(judge, entryId)).sheet?.reopenedReason).toBe("第二项评分与评语不一致，请复核");
    expect(await reopenSheet(regulator, competitionId, entryId, judge.id, "再次退回")).toMatchObject({ ok: false, error: "competitionSetup.error.notSubmitted" });

    expect(await saveScores(judge, entryId, { points_need: "8", points_design: "8" }, true)).toEqual({ ok: true });
    expect((await ScoreSheet.findOne({ entryId: oid(entryId), judgeId: oid(judge.id) }).lean())!).toMatchObject({ status: "submitted", points: { need: 8, design: 8 } });

    // Other judges' totals stay hidden unless the competition's rule allows them after submitting.
    expect((await scoringPage(judge, entryId)).otherTotals).toEqual([]);
    await Competition.updateOne({ _id: oid(competitionId) }, { $set: { "judging.showOthersAfterSubmit": true } });
    const colleague = (await JudgeAssignment.findOne({ entryId: oid(entryId), status: "active", judgeId: mongoose.trusted({ $ne: oid(judge.id) }) }, { judgeId: 1 }).lean())!;
    const colleagueUser = await sessionUser((await User.findById(colleague.judgeId, { username: 1 }).lean())!.username);
    expect(await saveScores(colleagueUser, entryId, { points_need: "5", points_design: "6" }, true)).toEqual({ ok: true });
    expect((await scoringPage(judge, entryId)).otherTotals).toEqual([55]);
    await Competition.updateOne({ _id: oid(competitionId) }, { $set: { "judging.showOthersAfterSubmit": false } });
  });
});

describe("draft settings", () => {
  it("are refused once the competition has left draft", async () => {
    const page = await settingsPage(competitionId);
    expect(page.editable).toBe(false);
    const result = await saveCompetitionSettings(competitionId, formOf(page.values));
    expect(result).toMatchObject({ ok: false, status: 409, errors: { _form: "competitionSetup.error.notDraft" } });
  });

  it("refuse weights not adding up to 100 with the field's message and the typed values, then save in fen", async () => {
    const regulator = await sessionUser("regulator");
    const created = await createCompetition(regulator, formOf({ title: "2098年度公益创投大赛", theme: "测试", year: "2098", budget: "1000000", cap: "100000", opensOn: "2098-03-01", closesOn: "2098-04-30" }));
    expect(created.ok).toBe(true);
    const id = (created as { id: string }).id;
    const stored = (await settingsPage(id)).values;
    const wrongWeight = String(Number(stored.criterionWeight0) + 5);
    const values = { ...stored, criterionWeight0: wrongWeight, budget: "1,234,567.89", tranchePercent0: "60", tranchePercent1: "40", trancheTrigger1: "finalPass", tranchePercent2: "", trancheTrigger2: "" };
    const refused = await saveCompetitionSettings(id, formOf(values));
    expect(refused).toMatchObject({ ok: false, status: 400, errors: { criteria: "competitionSetup.error.weightsNot100" } });
    expect(refused.ok === false && refused.values.criterionWeight0).toBe(wrongWeight);
    expect(refused.ok === false && refused.values.budget).toBe("1,234,567.89");

    const saved = await saveCompetitionSettings(id, formOf({ ...values, criterionWeight0: stored.criterionWeight0!, category_other: "", customCategories: "社区治理\n" }));
    expect(saved).toEqual({ ok: true });
    const competition = (await loadCompetition(id))!;
    expect(competition.totalBudgetFen).toBe(123_456_789);
    expect(competition.rubric.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    expect(competition.tranchePlan.map((t) => [t.percent, t.trigger])).toEqual([[60, "signing"], [40, "finalPass"]]);
    expect(competition.categories).toContain("社区治理");
    expect(competition.categories).not.toContain("other");
  });
});

describe("eligibility screening", () => {
  it("screens out an organization on the abnormal-activity list", async () => {
    const regulator = await sessionUser("regulator");
    const open = (await WorkflowCase.findOne({ kind: "competition", state: "open" }, { _id: 1 }).lean())!;
    const competition = (await loadCompetition(String(open._id)))!;
    const taken = new Set((await WorkflowCase.find({ kind: "competitionEntry", "data.competitionId": String(open._id) }, { organizationId: 1 }).lean()).map((e) => String(e.organizationId)));
    const organization = (await Organization.find({ status: "registered" }, { _id: 1, name: 1, uscc: 1 }).sort({ uscc: 1 }).lean()).find((o) => !taken.has(String(o._id)))!;
    expect(
      await recordListing(regulator, { uscc: organization.uscc, reason: "unreachableAddress", detail: "通过登记的住所无法联系", firstLetterOn: "2026-03-02", secondLetterOn: "2026-03-20" }),
    ).toEqual({ ok: true });
    const entryId = await submittedEntry(competition, { _id: String(organization._id), name: organization.name }, "异常名录单位的项目", new Date());
    const entry = (await WorkflowCase.findById(entryId, { state: 1, snapshot: 1 }).lean())!;
    expect(entry.state).toBe("ineligible");
    expect(JSON.stringify(entry.snapshot)).toContain("onCreditList");
  });
});
