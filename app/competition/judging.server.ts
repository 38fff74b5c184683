/**
 * Judging: assigning judges (by hand or automatically, balanced, never to an organization a judge
 * declared a link with), conflicts of interest, score sheets (draft → submitted, locked; a
 * regulator may reopen with a reason), and what a judge may see.
 */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import { JudgeAssignment, JudgeConflict } from "@models/judge-assignment";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import type { SessionUser } from "~/auth/guards.server";
import { isDuplicateKeyError } from "~/db.server";
import type { MessageKey } from "~/i18n/i18n";
import { competitionState } from "./entries.server";
import { judgeEntryKey, requireActiveAssignment } from "./judge-pages.server";
import { entriesOf, entryOf, loadCompetition, rubricOf, type CompetitionRecord } from "./ranking.server";
import { judgeTotal } from "./scoring";

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/**
 * Fills every entry under review up to `judgesPerEntry` active judges, least-loaded judge first
 * (ties by id, so the result is deterministic), skipping judges linked with the organization or
 * already assigned (or conflicted) on that entry. Returns how many assignments were made.
 */
export async function autoAssign(competition: CompetitionRecord): Promise<number> {
  const competitionId = String(competition._id);
  const entries = await entriesOf(competitionId, ["underReview"]);
  const judgeIds = competition.judgeIds.map(String);
  const assignments = await JudgeAssignment.find({ competitionId: competition._id }, { entryId: 1, judgeId: 1, status: 1 }).lean();
  const conflicts = await JudgeConflict.find({ judgeId: mongoose.trusted({ $in: competition.judgeIds }) }, { judgeId: 1, organizationId: 1 }).lean();
  const linked = new Set(conflicts.map((c) => `${String(c.judgeId)}:${String(c.organizationId)}`));
  const load = new Map(judgeIds.map((j) => [j, 0]));
  const taken = new Set(assignments.map((a) => `${String(a.entryId)}:${String(a.judgeId)}`));
  const activeCount = new Map<string, number>();
  for (const a of assignments) {
    if (a.status !== "active") continue;
    load.set(String(a.judgeId), (load.get(String(a.judgeId)) ?? 0) + 1);
    activeCount.set(String(a.entryId), (activeCount.get(String(a.entryId)) ?? 0) + 1);
  }
  let made = 0;
  for (const entry of [...entries].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    let need = competition.judging.judgesPerEntry - (activeCount.get(entry.id) ?? 0);
    const candidates = judgeIds
      .filter((j) => !taken.has(`${entry.id}:${j}`) && !linked.has(`${j}:${entry.organizationId}`))
      .sort((a, b) => load.get(a)! - load.get(b)! || (a < b ? -1 : 1));
    for (const judgeId of candidates) {
      if (need <= 0) break;
      const result = await JudgeAssignment.updateOne(
        { entryId: oid(entry.id), judgeId: oid(judgeId) },
        { $setOnInsert: { competitionId: competition._id, organizationId: oid(entry.organizationId), status: "active", automatic: true } },
        { upsert: true },
      );
      if (result.upsertedCount === 1) {
        made++;
        need--;
        load.set(judgeId, load.get(judgeId)! + 1);
        taken.add(`${entry.id}:${judgeId}`);
      }
    }
  }
  return made;
}

/** A judge's assignment to an entry, only when active (not conflicted): anything else is 404. */
async function activeAssignment(user: SessionUser, entryId: string) {
  const assignment = requireActiveAssignment(await JudgeAssignment.findById(judgeEntryKey(user, entryId)).lean(), user, entryId);
  const competition = await loadCompetition(String(assignment.competitionId));
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { assignment, competition };
}

export type ScoreResult = { ok: true } | { ok: false; status: number; errors: Partial<Record<string, MessageKey>>; params?: Record<string, number>; values: Record<string, string> };

/**
 * Saves a draft or submits. `sheet` holds the form's `points_<criterion>` and `comment_<criterion>`
 * as typed. Submitted sheets are locked (the filter refuses to touch them).
 */
export async function saveScores(user: SessionUser, entryId: string, sheet: Readonly<Record<string, string>>, submit: boolean, now = new Date()): Promise<ScoreResult> {
  const { competition } = await activeAssignment(user, entryId);
  const values: Record<string, string> = {};
  const points: Record<string, number> = {};
  const comments: Record<string, string> = {};
  const errors: Partial<Record<string, MessageKey>> = {};
  let params: Record<string, number> | undefined;
  for (const c of competition.rubric.criteria) {
    const raw = (sheet[`points_${c.id}`] ?? "").trim();
    const comment = (sheet[`comment_${c.id}`] ?? "").slice(0, 1000);
    values[`points_${c.id}`] = raw;
    values[`comment_${c.id}`] = comment;
    comments[c.id] = comment;
    if (raw === "") {
      if (submit) errors[`points_${c.id}`] = "competition.error.required";
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > c.maxPoints) {
      errors[`points_${c.id}`] = "competition.error.points";
      params = { max: c.maxPoints };
      continue;
    }
    points[c.id] = n;
  }
  if ((await competitionState(String(competition._id))) !== "judging") return { ok: false, status: 409, errors: { _form: "competition.error.judgingClosed" }, values };
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors, params, values };
  if (submit) judgeTotal(rubricOf(competition), points); // the scoring module's own check
  const set = submit ? { points, comments, status: "submitted", submittedAt: now } : { points, comments, status: "draft" };
  try {
    const result = await ScoreSheet.updateOne(
      { entryId: oid(entryId), judgeId: oid(user.id), status: "draft" },
      { $set: set, $setOnInsert: { competitionId: competition._id } },
      { upsert: true },
    );
    if (result.matchedCount === 0 && result.upsertedCount === 0) return { ok: false, status: 409, errors: { _form: "competition.error.sheetLocked" }, values };
  } catch (error) {
    // The upsert met the unique (entryId, judgeId) index: a submitted sheet exists, locked.
    if (isDuplicateKeyError(error)) return { ok: false, status: 409, errors: { _form: "competition.error.sheetLocked" }, values };
    throw error;
  }
  return { ok: true };
}

/** A judge steps aside: the assignment is kept as conflicted, the link recorded, the entry reassigned. */
export async function declareConflict(user: SessionUser, entryId: string, reason: string): Promise<{ ok: boolean }> {
  const { assignment, competition } = await activeAssignment(user, entryId);
  const text = reason.trim().slice(0, 1000);
  if (!text) return { ok: false };
  const now = new Date();
  await JudgeAssignment.updateOne({ _id: assignment._id }, { $set: { status: "conflicted", conflictReason: text, conflictDeclaredAt: now } });
  await JudgeConflict.updateOne(
    { judgeId: oid(user.id), organizationId: assignment.organizationId },
    { $setOnInsert: { reason: text, declaredAt: now } },
    { upsert: true },
  );
  await ScoreSheet.deleteOne({ entryId: oid(entryId), judgeId: oid(user.id), status: "draft" });
  await autoAssign(competition);
  return { ok: true };
}

export type JudgingAdminResult = { ok: true } | { ok: false; status: number; error: MessageKey };
const refuse = (error: MessageKey, status = 409): JudgingAdminResult => ({ ok: false, status, error });

/** States in which the panel may still change (judges join before ranking starts). */
const PANEL_OPEN_STATES = ["draft", "open", "closed", "screening", "judging"];

/** A regulator adds a user with role judge to the competition's panel. */
export async function addJudgeToPanel(competition: CompetitionRecord, judgeId: string): Promise<JudgingAdminResult> {
  if (!PANEL_OPEN_STATES.includes((await competitionState(String(competition._id))) ?? "")) return refuse("competitionSetup.error.panelClosed");
  const judge = mongoose.isValidObjectId(judgeId) ? await User.findById(judgeId, { role: 1 }).lean() : null;
  if (judge?.role !== "judge") return refuse("competitionSetup.error.notAJudge", 400);
  if (competition.judgeIds.some((j) => String(j) === judgeId)) return refuse("competitionSetup.error.alreadyOnPanel");
  await Competition.updateOne({ _id: competition._id }, { $addToSet: { judgeIds: oid(judgeId) } });
  return { ok: true };
}

/**
 * A regulator assigns a judge to an entry by hand, under the rules automatic assignment keeps:
 * only during judging, only a judge of the panel, only an entry under review, never a judge who
 * declared a link with the organization (or stepped aside from this entry), never twice.
 * A removed assignment is brought back.
 */
export async function assignJudge(user: SessionUser, competition: CompetitionRecord, entryId: string, judgeId: string): Promise<JudgingAdminResult> {
  const competitionId = String(competition._id);
  if ((await competitionState(competitionId)) !== "judging") return refuse("competitionSetup.error.notJudging");
  if (!competition.judgeIds.some((j) => String(j) === judgeId)) return refuse("competitionSetup.error.notOnPanel", 400);
  const entry = mongoose.isValidObjectId(entryId) ? await entryOf(competitionId, entryId) : null;
  if (!entry || entry.state !== "underReview") return refuse("competitionSetup.error.entryNotUnderReview", 404);
  const existing = await JudgeAssignment.findOne({ entryId: oid(entryId), judgeId: oid(judgeId) }, { status: 1 }).lean();
  const linked = await JudgeConflict.exists({ judgeId: oid(judgeId), organizationId: oid(entry.organizationId) });
  if (linked || existing?.status === "conflicted") return refuse("competitionSetup.error.conflicted");
  if (existing?.status === "active") return refuse("competitionSetup.error.duplicate");
  if (existing) {
    const result = await JudgeAssignment.updateOne({ _id: existing._id, status: "removed" }, { $set: { status: "active", automatic: false, assignedBy: user.displayName } });
    return result.modifiedCount === 1 ? { ok: true } : refuse("competitionSetup.error.duplicate");
  }
  try {
    await JudgeAssignment.create({ competitionId: competition._id, entryId: oid(entryId), judgeId: oid(judgeId), organizationId: oid(entry.organizationId), status: "active", automatic: false, assignedBy: user.displayName });
  } catch (error) {
    // Two regulators at once: the unique (entryId, judgeId) index lets one in.
    if (isDuplicateKeyError(error)) return refuse("competitionSetup.error.duplicate");
    throw error;
  }
  return { ok: true };
}

/** A regulator takes a judge off an entry (kept as "removed"); a submitted score must be reopened first. */
export async function removeAssignment(user: SessionUser, competition: CompetitionRecord, entryId: string, judgeId: string, now = new Date()): Promise<JudgingAdminResult> {
  if ((await competitionState(String(competition._id))) !== "judging") return refuse("competitionSetup.error.notJudging");
  if (![entryId, judgeId].every((id) => mongoose.isValidObjectId(id))) return refuse("competitionSetup.error.noAssignment", 404);
  if (await ScoreSheet.exists({ entryId: oid(entryId), judgeId: oid(judgeId), status: "submitted" })) return refuse("competitionSetup.error.scoreSubmitted");
  const result = await JudgeAssignment.updateOne(
    { competitionId: competition._id, entryId: oid(entryId), judgeId: oid(judgeId), status: "active" },
    { $set: { status: "removed", removedBy: user.displayName, removedAt: now } },
  );
  if (result.modifiedCount !== 1) return refuse("competitionSetup.error.noAssignment", 404);
  await ScoreSheet.deleteOne({ entryId: oid(entryId), judgeId: oid(judgeId), status: "draft" });
  return { ok: true };
}

/**
 * A regulator reopens a submitted sheet during judging, with a reason: the sheet goes back to
 * draft (the judge edits and submits again) and the reopening is logged on the sheet.
 */
export async function reopenSheet(user: SessionUser, competitionId: string, entryId: string, judgeId: string, reason: string, now = new Date()): Promise<JudgingAdminResult> {
  const text = reason.trim().slice(0, 1000);
  if (!text) return refuse("competitionSetup.error.reasonRequired", 400);
  if (![competitionId, entryId, judgeId].every((id) => mongoose.isValidObjectId(id))) return refuse("competitionSetup.error.notSubmitted", 404);
  if ((await competitionState(competitionId)) !== "judging") return refuse("competitionSetup.error.notJudging");
  const result = await ScoreSheet.updateOne(
    { competitionId: oid(competitionId), entryId: oid(entryId), judgeId: oid(judgeId), status: "submitted" },
    { $set: { status: "draft", reopenedReason: text }, $unset: { submittedAt: 1 }, $push: { reopenings: { reason: text, byName: user.displayName, at: now } } },
  );
  return result.modifiedCount === 1 ? { ok: true } : refuse("competitionSetup.error.notSubmitted");
}

/** Who scored what: per entry, the active judges and how many submitted. */
export async function judgingProgress(competition: CompetitionRecord) {
  const entries = await entriesOf(String(competition._id), ["underReview", "scored", "selected", "notSelected"]);
  const assignments = await JudgeAssignment.find({ competitionId: competition._id, status: "active" }, { entryId: 1, judgeId: 1 }).lean();
  const sheets = await ScoreSheet.find({ competitionId: competition._id, status: "submitted" }, { entryId: 1 }).lean();
  const submitted = new Map<string, number>();
  for (const s of sheets) submitted.set(String(s.entryId), (submitted.get(String(s.entryId)) ?? 0) + 1);
  const assigned = new Map<string, number>();
  for (const a of assignments) assigned.set(String(a.entryId), (assigned.get(String(a.entryId)) ?? 0) + 1);
  const rows = entries.map((e) => ({ id: e.id, title: e.title, organizationId: e.organizationId, assigned: assigned.get(e.id) ?? 0, submitted: submitted.get(e.id) ?? 0 }));
  return { rows, lacking: rows.filter((r) => r.submitted < competition.judging.minScores).length };
}

