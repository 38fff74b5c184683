/**
 * The competition end to end on the real database, from the demo seed: the results API
 * recomputes with the scoring module, and object-level access holds for organizations and judges.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { JudgeAssignment } from "@models/judge-assignment";
import { ScoreSheet } from "@models/score-sheet";
import { WorkflowCase } from "@models/workflow-case";
import { ENTRY_KIND } from "~/domain/competition";
import { entryPage, saveEntry, startEntry } from "~/competition/applications/entries.server";
import { scoringPage } from "~/competition/judging/judge-pages.server";
import { declareConflict } from "~/competition/judging/judging.server";
import { resultsDocument } from "~/competition/public/public.server";
import { recomputeFromResults, resultMismatches } from "~/competition/scoring";
import { seedDemo } from "../../scripts/seed/demo";
import { status } from "../support/service-status";
import { sessionUser } from "../support/users";

let pastId: string;
let openId: string;

beforeAll(async () => {
  await seedDemo(() => {});
  const cases = await WorkflowCase.find({ kind: "competition" }, { caseKey: 1, state: 1 }).lean();
  pastId = String(cases.find((c) => c.caseKey === "competition:2022")!._id);
  openId = String(cases.find((c) => c.caseKey !== "competition:2022")!._id);
}, 180_000);

describe("results API", () => {
  it("publishes 42 entries whose scores and ranks recompute exactly from the published totals", async () => {
    const results = (await resultsDocument(pastId))!;
    expect(results.entries).toHaveLength(42);
    expect(resultMismatches(results)).toEqual([]);
    const recomputed = recomputeFromResults(results);
    expect(recomputed.map((r) => r.rank)).toEqual(results.entries.map((e) => e.rank));
    const funded = results.entries.filter((e) => e.awarded > 0);
    expect(funded.length).toBeGreaterThan(10);
    expect(funded.reduce((s, e) => s + e.awarded, 0)).toBeLessThanOrEqual(200_000_000);
    for (const e of results.entries) for (const t of e.judgeTotals) expect(t.judge).toMatch(/^评委[A-Z]+$/);
  });

  it("is not available before the announcement (open competition → null, i.e. 404)", async () => {
    expect(await resultsDocument(openId)).toBeNull();
  });
});

describe("organization side", () => {
  it("saves an incomplete draft, refuses submission naming what is missing, and keeps the input", async () => {
    const org = await sessionUser("org");
    const started = await startEntry(org, openId);
    expect(started.ok).toBe(true);
    const entryId = (started as { entryId: string }).entryId;
    const form = { title: "社区长者助餐", requested: "50000" };
    expect(await saveEntry(org, entryId, form, false)).toEqual({ ok: true });
    const refused = await saveEntry(org, entryId, form, true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors.budgetLines).toBe("competition.error.budgetLinesMissing");
      expect(refused.errors.proposal).toBe("competition.error.proposalMissing");
      expect(refused.values.title).toBe("社区长者助餐");
    }
    expect((await entryPage(org, entryId)).state).toBe("draft");
  });

  it("cannot read another organization's entry", async () => {
    const org2 = await sessionUser("org2");
    const someoneElses = await WorkflowCase.findOne({ kind: ENTRY_KIND, organizationId: mongoose.trusted({ $ne: new mongoose.Types.ObjectId(org2.organizationId!) }) }, { _id: 1 }).lean();
    expect(await status(entryPage(org2, String(someoneElses!._id)))).toBe(404);
  });
});

describe("judge side", () => {
  it("cannot open an unassigned entry, and a declared conflict closes the entry to the judge and reassigns it", async () => {
    const judge = await sessionUser("judge");
    const mine = await JudgeAssignment.find({ judgeId: new mongoose.Types.ObjectId(judge.id), status: "active" }, { entryId: 1 }).lean();
    const mineIds = new Set(mine.map((a) => String(a.entryId)));
    const unassigned = (await WorkflowCase.find({ kind: ENTRY_KIND, "data.competitionId": pastId }, { _id: 1 }).lean()).find((e) => !mineIds.has(String(e._id)))!;
    expect(await status(scoringPage(judge, String(unassigned._id)))).toBe(404);
    const entryId = String(mine[0]!.entryId);
    expect(await status(scoringPage(judge, entryId))).toBe(200);
    const before = await JudgeAssignment.countDocuments({ entryId: new mongoose.Types.ObjectId(entryId), status: "active" });
    expect((await declareConflict(judge, entryId, "我曾为该机构理事")).ok).toBe(true);
    expect(await status(scoringPage(judge, entryId))).toBe(404);
    // Judging of 2022 is over (no entry is under review), so no one new is assigned; the count drops.
    expect(await JudgeAssignment.countDocuments({ entryId: new mongoose.Types.ObjectId(entryId), status: "active" })).toBe(before - 1);
  });

  it("a score page never shows another judge's sheet", async () => {
    const judge2 = await sessionUser("judge2");
    const sheet = await ScoreSheet.findOne({ judgeId: new mongoose.Types.ObjectId(judge2.id) }, { entryId: 1 }).lean();
    const page = await scoringPage(judge2, String(sheet!.entryId));
    const own = await ScoreSheet.findOne({ entryId: sheet!.entryId, judgeId: new mongoose.Types.ObjectId(judge2.id) }).lean();
    expect(page.sheet?.points).toEqual(own!.points);
  });
});
