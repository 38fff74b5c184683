/**
 * Judging: assigning judges (by hand or automatically, balanced, never to an organization a judge
 * declared a link with), conflicts of interest, score sheets (draft → submitted, locked; a
 * regulator may reopen with a reason), and what a judge may see.
 */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import { JudgeAssignment, JudgeConflict } from "@models/judge-assignment";
import { judgeEntryId } from "@models/judge-entry-key";
import type { JudgePlanLine } from "@machines/competition.machine";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import type { SessionUser } from "~/auth/guards.server";
import { isDuplicateKeyError } from "~/db.server";
import type { MessageKey } from "~/i18n/i18n";
import { loadCase, sendEvent, SYSTEM_ACTOR, WorkflowError, type Actor } from "~/workflow/engine.server";
import { actorOf, CONFLICT, isStale, sendIntent, type StepOutcome } from "~/workflow/intents.server";
import { competitionState } from "../applications/entries.server";
import { judgeEntryKey, requireActiveAssignment } from "./judge-pages.server";
import { entriesOf, entryOf, loadCompetition, rubricOf, type CompetitionRecord } from "../ranking/ranking.server";
import { judgeTotal } from "../scoring";
import { COMPETITION_PANEL_OPEN_STATES } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/**
 * What automatic assignment would do now, written nowhere: every entry under review filled up to
 * `judgesPerEntry` active judges, least-loaded judge first (ties by id, so the plan is
 * deterministic), skipping judges linked with the organization or already assigned (or
 * conflicted, or removed) on that entry. The AUTO_ASSIGN step carries the plan; its effect writes it.
 */
export async function autoAssignmentPlan(competition: CompetitionRecord): Promise<JudgePlanLine[]> {
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
  const plan: JudgePlanLine[] = [];
  for (const entry of [...entries].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const need = competition.judging.judgesPerEntry - (activeCount.get(entry.id) ?? 0);
    const candidates = judgeIds
      .filter((j) => !taken.has(`${entry.id}:${j}`) && !linked.has(`${j}:${entry.organizationId}`))
      .sort((a, b) => load.get(a)! - load.get(b)! || (a < b ? -1 : 1))
      .slice(0, Math.max(0, need));
    for (const judgeId of candidates) {
      plan.push({ entryId: entry.id, judgeId, organizationId: entry.organizationId });
      load.set(judgeId, load.get(judgeId)! + 1);
    }
  }
  return plan;
}

/** A judging step's outcome on the judging board: done, or refused with the reason. */
const outcomeOf = (outcome: StepOutcome): JudgingAdminResult => (outcome.ok ? { ok: true } : { ok: false, status: outcome.status, error: outcome.messageKey });

/**
 * A regulator fills every entry under review from the judging board, with the seq the board
 * showed: a second click (or a second regulator) on the same board gets the conflict message, a
 * later click when nothing is missing is refused, and the plan is written once.
 */
export async function autoAssignFromBoard(user: SessionUser, competition: CompetitionRecord, seq?: number): Promise<JudgingAdminResult & { made?: number }> {
  const competitionId = String(competition._id);
  if (await isStale(competitionId, seq)) return outcomeOf(CONFLICT);
  if ((await competitionState(competitionId)) !== "judging") return refuse("competitionSetup.error.notJudging");
  const plan = await autoAssignmentPlan(competition);
  const outcome = await sendIntent(user, competitionId, { type: "AUTO_ASSIGN", plan }, { seq });
  return outcome.ok ? { ok: true, made: plan.length } : outcomeOf(outcome);
}

/**
 * Automatic assignment as a system step (after a judge steps aside, when a competition is
 * built): planned on the competition as it is and sent with its seq; if another step came first,
 * planned again. Answers how many assignments the step planned (0: nothing was missing).
 */
export async function autoAssign(competition: CompetitionRecord, options: { actor?: Actor; comment?: string; now?: Date } = {}): Promise<number> {
  const { actor = SYSTEM_ACTOR, comment = "", now } = options;
  const competitionId = String(competition._id);
  for (let tries = 0; tries < 5; tries++) {
    const { workflowCase } = await loadCase(competitionId);
    if (workflowCase.state !== "judging") return 0;
    const plan = await autoAssignmentPlan(competition);
    if (plan.length === 0) return 0;
    try {
      await sendEvent(competitionId, { type: "AUTO_ASSIGN", plan }, { actor, comment, now, expectedSeq: workflowCase.seq });
      return plan.length;
    } catch (error) {
      if (!(error instanceof WorkflowError && error.code === "conflict")) throw error;
    }
  }
  throw new WorkflowError("conflict", "workflow.error.conflict");
}

/**
 * The effect of AUTO_ASSIGN and ASSIGN_JUDGE: writes the step's plan. Idempotent: each pair is one
 * document keyed by entry and judge, so a rerun finds it; an automatic line is skipped when the
 * entry already has its judges (a plan made before an earlier step's effect landed never overfills).
 */
export async function applyJudgePlan(competitionId: string, logged: { event: string; payload: unknown; actor: { name: string } }): Promise<void> {
  const competition = await loadCompetition(competitionId);
  if (!competition) return;
  const automatic = logged.event === "AUTO_ASSIGN";
  // The competition's steps' effects run one at a time, so counting once and then in memory holds.
  const active = new Map<string, number>();
  if (automatic) {
    for (const a of await JudgeAssignment.find({ competitionId: competition._id, status: "active" }, { entryId: 1 }).lean()) active.set(String(a.entryId), (active.get(String(a.entryId)) ?? 0) + 1);
  }
  for (const line of ((logged.payload as { plan?: JudgePlanLine[] }).plan ?? [])) {
    const _id = judgeEntryId(line.entryId, line.judgeId);
    const existing = await JudgeAssignment.findById(_id, { status: 1 }).lean();
    if (existing) {
      if (!automatic && existing.status === "removed") {
        await JudgeAssignment.updateOne({ _id, status: "removed" }, { $set: { status: "active", automatic: false, assignedBy: logged.actor.name } });
      }
      continue;
    }
    if (automatic && (active.get(line.entryId) ?? 0) >= competition.judging.judgesPerEntry) continue;
    active.set(line.entryId, (active.get(line.entryId) ?? 0) + 1);
    try {
      await JudgeAssignment.create({
        competitionId: competition._id,
        entryId: oid(line.entryId),
        judgeId: oid(line.judgeId),
        organizationId: oid(line.organizationId),
        status: "active",
        automatic,
        assignedBy: automatic ? "" : logged.actor.name,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // a rerun of this effect got there first
    }
  }
}

/** The effect of UNASSIGN_JUDGE: the assignment kept as "removed", the judge's draft sheet dropped. Idempotent. */
export async function applyUnassignment(logged: { payload: unknown; actor: { name: string }; at: Date }): Promise<void> {
  const { entryId, judgeId } = logged.payload as { entryId: string; judgeId: string };
  await JudgeAssignment.updateOne({ _id: judgeEntryId(entryId, judgeId), status: "active" }, { $set: { status: "removed", removedBy: logged.actor.name, removedAt: logged.at } });
  await ScoreSheet.deleteOne({ entryId: oid(entryId), judgeId: oid(judgeId), status: "draft" });
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
  // The entry is a judge short now: a competition step fills it, like the regulator's button.
  await autoAssign(competition, { actor: actorOf(user), comment: text });
  return { ok: true };
}

export type JudgingAdminResult = { ok: true } | { ok: false; status: number; error: MessageKey };
const refuse = (error: MessageKey, status = 409): JudgingAdminResult => ({ ok: false, status, error });

/** A regulator adds a user with role judge to the competition's panel. */
export async function addJudgeToPanel(competition: CompetitionRecord, judgeId: string): Promise<JudgingAdminResult> {
  if (!isOneOf(COMPETITION_PANEL_OPEN_STATES, await competitionState(String(competition._id)))) return refuse("competitionSetup.error.panelClosed");
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
 * A removed assignment is brought back. A step of the competition (ASSIGN_JUDGE), sent with the
 * seq the board showed.
 */
export async function assignJudge(user: SessionUser, competition: CompetitionRecord, entryId: string, judgeId: string, seq?: number): Promise<JudgingAdminResult> {
  const competitionId = String(competition._id);
  if (await isStale(competitionId, seq)) return outcomeOf(CONFLICT);
  if ((await competitionState(competitionId)) !== "judging") return refuse("competitionSetup.error.notJudging");
  if (!competition.judgeIds.some((j) => String(j) === judgeId)) return refuse("competitionSetup.error.notOnPanel", 400);
  const entry = mongoose.isValidObjectId(entryId) ? await entryOf(competitionId, entryId) : null;
  if (!entry || entry.state !== "underReview") return refuse("competitionSetup.error.entryNotUnderReview", 404);
  const existing = await JudgeAssignment.findById(judgeEntryId(entryId, judgeId), { status: 1 }).lean();
  const linked = await JudgeConflict.exists({ judgeId: oid(judgeId), organizationId: oid(entry.organizationId) });
  if (linked || existing?.status === "conflicted") return refuse("competitionSetup.error.conflicted");
  if (existing?.status === "active") return refuse("competitionSetup.error.duplicate");
  return outcomeOf(await sendIntent(user, competitionId, { type: "ASSIGN_JUDGE", plan: [{ entryId, judgeId, organizationId: entry.organizationId }] }, { seq }));
}

/**
 * A regulator takes a judge off an entry (kept as "removed"); a submitted score must be reopened
 * first. A step of the competition (UNASSIGN_JUDGE), sent with the seq the board showed.
 */
export async function removeAssignment(user: SessionUser, competition: CompetitionRecord, entryId: string, judgeId: string, seq?: number): Promise<JudgingAdminResult> {
  const competitionId = String(competition._id);
  if (await isStale(competitionId, seq)) return outcomeOf(CONFLICT);
  if ((await competitionState(competitionId)) !== "judging") return refuse("competitionSetup.error.notJudging");
  if (![entryId, judgeId].every((id) => mongoose.isValidObjectId(id))) return refuse("competitionSetup.error.noAssignment", 404);
  if (await ScoreSheet.exists({ entryId: oid(entryId), judgeId: oid(judgeId), status: "submitted" })) return refuse("competitionSetup.error.scoreSubmitted");
  const assignment = await JudgeAssignment.findById(judgeEntryId(entryId, judgeId), { status: 1, competitionId: 1 }).lean();
  if (assignment?.status !== "active" || String(assignment.competitionId) !== competitionId) return refuse("competitionSetup.error.noAssignment", 404);
  return outcomeOf(await sendIntent(user, competitionId, { type: "UNASSIGN_JUDGE", entryId, judgeId }, { seq }));
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

