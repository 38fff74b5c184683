/**
 * The judge's pages read in-process copies (ADR 009): assignments and sheets carry an `_id`
 * derived from (entry, judge) whoever writes them, and the copies show every write — this
 * process's at once, another process's (a driver write plus a new token, as its hooks would
 * leave) at the next request for what authorizes, within 200 ms for competitions.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { JudgeAssignment } from "@models/judge-assignment";
import { judgeEntryId } from "@models/judge-entry-key";
import { ReadModelVersion } from "@models/read-model-version";
import { ScoreSheet } from "@models/score-sheet";
import type { SessionUser } from "~/auth/guards.server";
import { JUDGING_READ_MODEL } from "~/domain/competition";
import { rekeyJudgeEntryDocuments } from "~/competition/judging/judge-entry-rekey.server";
import { judgeWorkspace, scoringPage } from "~/competition/judging/judge-pages.server";
import { saveScores } from "~/competition/judging/judging.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import { sendEvent } from "~/workflow/engine.server";
import { seedDemo } from "../../scripts/seed/demo";
import { judgedCompetition } from "../support/competition";
import { status } from "../support/service-status";
import { sessionUser } from "../support/users";

const oid = () => new mongoose.Types.ObjectId();

/** What another process's write leaves behind: a new token, written without this process knowing. */
async function tokenChangedElsewhere(name: string) {
  await ReadModelVersion.collection.updateOne({ _id: name as never }, { $set: { token: String(oid()), changedAt: new Date() } }, { upsert: true });
}

let competitionId: string;
let judge: SessionUser;
let entryId: string;

beforeAll(async () => {
  await seedDemo(() => {});
  ({ id: competitionId } = await judgedCompetition({ label: "读取", judges: 4, scored: false }));
  judge = await sessionUser("judge");
  const assignment = (await JudgeAssignment.findOne({ competitionId, judgeId: new mongoose.Types.ObjectId(judge.id), status: "active" }, { entryId: 1 }).lean())!;
  entryId = String(assignment.entryId);
}, 180_000);

describe("assignments and score sheets are keyed by (entry, judge)", () => {
  it("gets the derived _id on create, insertMany and upsert, and refuses an upsert with another _id", async () => {
    const base = () => ({ competitionId: oid(), entryId: oid(), judgeId: oid(), organizationId: oid() });
    const created = await JudgeAssignment.create(base());
    expect(String(created._id)).toBe(String(judgeEntryId(created.entryId, created.judgeId)));
    const [inserted] = await ScoreSheet.insertMany([{ ...base(), status: "draft" }]);
    expect(String(inserted!._id)).toBe(String(judgeEntryId(inserted!.entryId, inserted!.judgeId)));
    const pair = { entryId: oid(), judgeId: oid() };
    await ScoreSheet.updateOne({ ...pair, status: "draft" }, { $set: { points: {} }, $setOnInsert: { competitionId: oid() } }, { upsert: true });
    expect(await ScoreSheet.findById(judgeEntryId(pair.entryId, pair.judgeId)).lean()).not.toBeNull();
    await expect(JudgeAssignment.updateOne({ _id: oid(), ...pair }, { $setOnInsert: { competitionId: oid(), organizationId: oid() } }, { upsert: true })).rejects.toThrow(/derived/);
    await expect(JudgeAssignment.updateOne({ entryId: pair.entryId }, { $setOnInsert: { competitionId: oid() } }, { upsert: true })).rejects.toThrow(/entryId and judgeId/);
  });

  it("gives rows written before the derived ids theirs at start, keeping their content, and moves nothing the second time", async () => {
    const pair = { entryId: oid(), judgeId: oid() };
    const oldId = oid();
    await ScoreSheet.collection.insertOne({ _id: oldId, ...pair, competitionId: oid(), status: "submitted", points: { c1: 8 } });
    expect(await rekeyJudgeEntryDocuments()).toBeGreaterThanOrEqual(1);
    expect(await ScoreSheet.findById(oldId).lean()).toBeNull();
    const moved = await ScoreSheet.collection.findOne({ _id: judgeEntryId(pair.entryId, pair.judgeId) });
    expect(moved).toMatchObject({ status: "submitted", points: { c1: 8 } });
    expect(await rekeyJudgeEntryDocuments()).toBe(0);
  });

  it("the demo's and automatic assignments already carry it", async () => {
    const rows = await JudgeAssignment.find({ competitionId }, { entryId: 1, judgeId: 1 }).lean();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r._id)).toBe(String(judgeEntryId(r.entryId, r.judgeId)));
  });
});

describe("the judge's pages show every write", () => {
  it("shows the judge's own draft on the next request, and only theirs", async () => {
    expect(await saveScores(judge, entryId, { points_need: "6" }, false)).toEqual({ ok: true });
    expect((await scoringPage(judge, entryId)).sheet).toMatchObject({ status: "draft", points: { need: 6 } });
    const list = await judgeWorkspace(judge);
    expect(list.find((c) => c.id === competitionId)!.entries.find((e) => e.id === entryId)!.status).toBe("draft");
    const other = (await JudgeAssignment.findOne({ entryId: new mongoose.Types.ObjectId(entryId), judgeId: mongoose.trusted({ $ne: new mongoose.Types.ObjectId(judge.id) }) }, { judgeId: 1 }).lean())!;
    const otherJudge = { ...judge, id: String(other.judgeId) };
    expect((await scoringPage(otherJudge, entryId)).sheet).toBeNull();
  });

  it("closes the entry at the next request when another process ends the assignment", async () => {
    expect(await status(scoringPage(judge, entryId))).toBe(200);
    const key = judgeEntryId(entryId, judge.id);
    await JudgeAssignment.collection.updateOne({ _id: key }, { $set: { status: "removed" } }); // no hooks: as if elsewhere
    await tokenChangedElsewhere(JUDGING_READ_MODEL);
    expect(await status(scoringPage(judge, entryId))).toBe(404);
    expect((await judgeWorkspace(judge)).find((c) => c.id === competitionId)!.entries.map((e) => e.id)).not.toContain(entryId);
    await JudgeAssignment.updateOne({ _id: key }, { $set: { status: "active" } });
    expect(await status(scoringPage(judge, entryId))).toBe(200);
  });

  it("shows a competition's new state after its transition", async () => {
    const stateOf = async () => (await judgeWorkspace(judge)).find((c) => c.id === competitionId)!.state;
    expect(await stateOf()).toBe("judging");
    await sendEvent(competitionId, { type: "CLOSE_JUDGING", entriesLacking: 3, force: true, reason: "测试" }, { actor: { userId: null, name: "测试监管员", role: "regulator" } });
    expect(await stateOf()).not.toBe("judging");
  });
});

describe("a versioned read model", () => {
  it("rebuilds once for concurrent readers, sees another process's write within 200 ms, or at once with recheckMs 0", async () => {
    const name = `test-${String(oid())}`;
    let builds = 0;
    const build = async () => ++builds;
    const throttled = versionedReadModel(name, build);
    const strict = versionedReadModel(name, build, { recheckMs: 0 });
    expect(await Promise.all([throttled(), throttled(), throttled()])).toEqual([1, 1, 1]);
    expect(await strict()).toBe(2);
    expect(await strict()).toBe(2);
    await tokenChangedElsewhere(name);
    expect(await strict()).toBe(3);
    await new Promise((r) => setTimeout(r, 250));
    expect(await throttled()).toBe(4);
  });

  it("shares token queries between concurrent callers, but never one sent before the caller asked", async () => {
    const name = `test-${String(oid())}`;
    let builds = 0;
    const strict = versionedReadModel(name, async () => ++builds, { recheckMs: 0 });
    expect(await strict()).toBe(1);
    const before = strict(); // its token query is under way…
    await tokenChangedElsewhere(name); // …when another process writes
    const after = [strict(), strict(), strict()];
    expect(await before).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(after)).toEqual([2, 2, 2]);
  });
});
