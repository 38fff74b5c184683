/**
 * Judging: assigning judges (by hand or automatically, balanced, never to an organization a judge
 * declared a link with), conflicts of interest, score sheets (draft → submitted, locked; a
 * regulator may reopen with a reason), and what a judge may see.
 */
import mongoose from "mongoose";
import { JudgeAssignment, JudgeConflict } from "@models/judge-assignment";
import { Organization } from "@models/organization";
import { ScoreSheet } from "@models/score-sheet";
import type { SessionUser } from "~/auth/guards.server";
import type { MessageKey } from "~/i18n/i18n";
import { competitionState } from "./entries.server";
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
  if (user.role !== "judge" || !mongoose.isValidObjectId(entryId)) throw new Response("Not Found", { status: 404 });
  const assignment = await JudgeAssignment.findOne({ entryId: oid(entryId), judgeId: oid(user.id), status: "active" }).lean();
  if (!assignment) throw new Response("Not Found", { status: 404 });
  const competition = await loadCompetition(String(assignment.competitionId));
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { assignment, competition };
}

export async function judgeWorkspace(user: SessionUser) {
  const assignments = await JudgeAssignment.find({ judgeId: oid(user.id), status: "active" }, { entryId: 1, competitionId: 1 }).lean();
  const sheets = await ScoreSheet.find({ judgeId: oid(user.id) }, { entryId: 1, status: 1 }).lean();
  const sheetStatus = new Map(sheets.map((s) => [String(s.entryId), s.status]));
  const byCompetition = new Map<string, string[]>();
  for (const a of assignments) byCompetition.set(String(a.competitionId), [...(byCompetition.get(String(a.competitionId)) ?? []), String(a.entryId)]);
  const result = [];
  for (const [competitionId, entryIds] of byCompetition) {
    const competition = await loadCompetition(competitionId);
    if (!competition) continue;
    const entries = (await entriesOf(competitionId)).filter((e) => entryIds.includes(e.id));
    result.push({
      id: competitionId,
      title: competition.title,
      state: (await competitionState(competitionId)) ?? "",
      entries: entries
        .map((e) => ({ id: e.id, title: e.title, category: e.application.category ?? "", status: sheetStatus.get(e.id) ?? "none" }))
        .sort((a, b) => a.title.localeCompare(b.title, "zh-CN")),
    });
  }
  return result;
}

export async function scoringPage(user: SessionUser, entryId: string) {
  const { competition } = await activeAssignment(user, entryId);
  // Only this entry: loading the whole competition's entries made the page ~10× slower.
  const entry = await entryOf(String(competition._id), entryId);
  if (!entry) throw new Response("Not Found", { status: 404 });
  const sheet = await ScoreSheet.findOne({ entryId: oid(entryId), judgeId: oid(user.id) }, { points: 1, comments: 1, status: 1 }).lean();
  const organization = competition.rubric.blind ? null : await Organization.findById(entry.organizationId, { name: 1 }).lean();
  return {
    entry: { id: entry.id, title: entry.title, application: entry.application, requestedFen: entry.requestedFen },
    organizationName: organization?.name ?? null,
    blind: competition.rubric.blind,
    competition: { id: String(competition._id), title: competition.title, state: (await competitionState(String(competition._id))) ?? "" },
    criteria: competition.rubric.criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: c.weight, maxPoints: c.maxPoints })),
    sheet: sheet ? { points: sheet.points as Record<string, number>, comments: sheet.comments as Record<string, string>, status: sheet.status } : null,
  };
}

export type ScoreResult = { ok: true } | { ok: false; status: number; errors: Partial<Record<string, MessageKey>>; params?: Record<string, number>; values: Record<string, string> };

/** Saves a draft or submits. Submitted sheets are locked (the filter refuses to touch them). */
export async function saveScores(user: SessionUser, entryId: string, formData: FormData, submit: boolean, now = new Date()): Promise<ScoreResult> {
  const { competition } = await activeAssignment(user, entryId);
  const values: Record<string, string> = {};
  const points: Record<string, number> = {};
  const comments: Record<string, string> = {};
  const errors: Partial<Record<string, MessageKey>> = {};
  let params: Record<string, number> | undefined;
  for (const c of competition.rubric.criteria) {
    const raw = String(formData.get(`points_${c.id}`) ?? "").trim();
    const comment = String(formData.get(`comment_${c.id}`) ?? "").slice(0, 1000);
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
    if ((error as { code?: number }).code === 11000) return { ok: false, status: 409, errors: { _form: "competition.error.sheetLocked" }, values };
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

/** A regulator reopens a submitted sheet, with a reason kept on the sheet. */
export async function reopenSheet(competitionId: string, entryId: string, judgeId: string, reason: string): Promise<boolean> {
  if (!reason.trim() || ![competitionId, entryId, judgeId].every((id) => mongoose.isValidObjectId(id))) return false;
  const result = await ScoreSheet.updateOne(
    { competitionId: oid(competitionId), entryId: oid(entryId), judgeId: oid(judgeId), status: "submitted" },
    { $set: { status: "draft", reopenedReason: reason.trim().slice(0, 1000) }, $unset: { submittedAt: 1 } },
  );
  return result.modifiedCount === 1;
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
  const rows = entries.map((e) => ({ id: e.id, title: e.title, assigned: assigned.get(e.id) ?? 0, submitted: submitted.get(e.id) ?? 0 }));
  return { rows, lacking: rows.filter((r) => r.submitted < competition.judging.minScores).length };
}

