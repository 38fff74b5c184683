/**
 * The regulator's judging board: the panel, who has scored what, which entries lack scores, and
 * the hand-made changes (add a judge to the panel, assign or remove a judge, reopen a submitted
 * score with a reason). The rules live in judging.server.ts, shared with automatic assignment.
 */
import mongoose from "mongoose";
import { z } from "zod";
import { JudgeAssignment, JudgeConflict } from "@models/judge-assignment";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import type { SessionUser } from "~/auth/guards.server";
import type { PageParams } from "~/forms/page-params";
import { formValues, parseForm, type StepForm } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { requireCompetition } from "../competitions.server";
import type { CompetitionRecord } from "../ranking/ranking.server";
import { loadCase } from "~/workflow/engine.server";
import { addJudgeToPanel, assignJudge, autoAssignFromBoard, judgingProgress, removeAssignment, reopenSheet, type JudgingAdminResult } from "./judging.server";

/** Per judge of the panel: entries assigned, sheets in draft, sheets submitted. */
export async function judgeProgress(competition: CompetitionRecord) {
  const judges = await User.find({ _id: mongoose.trusted({ $in: competition.judgeIds }) }, { displayName: 1 }).lean();
  const assignments = await JudgeAssignment.find({ competitionId: competition._id, status: "active" }, { judgeId: 1 }).lean();
  const sheets = await ScoreSheet.find({ competitionId: competition._id }, { judgeId: 1, status: 1 }).lean();
  const count = (rows: { judgeId: unknown }[]) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(String(r.judgeId), (counts.get(String(r.judgeId)) ?? 0) + 1);
    return counts;
  };
  const assigned = count(assignments);
  const drafts = count(sheets.filter((s) => s.status === "draft"));
  const submitted = count(sheets.filter((s) => s.status === "submitted"));
  return judges
    .map((j) => ({ id: String(j._id), name: j.displayName, assigned: assigned.get(String(j._id)) ?? 0, drafts: drafts.get(String(j._id)) ?? 0, submitted: submitted.get(String(j._id)) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

export type SheetStatus = "none" | "draft" | "submitted";

export async function judgingBoard(competitionId: string, pageParams: PageParams, onlyLacking: boolean) {
  const competition = await requireCompetition(competitionId);
  // Rolled forward like any case read for a page; the board's forms send its seq.
  const { workflowCase } = await loadCase(competitionId);
  const state = workflowCase.state;
  const panel = await judgeProgress(competition);
  const others = await User.find({ role: "judge", _id: mongoose.trusted({ $nin: competition.judgeIds }) }, { displayName: 1 }).lean();
  const progress = await judgingProgress(competition);
  const assignments = await JudgeAssignment.find({ competitionId: competition._id, status: mongoose.trusted({ $in: ["active", "conflicted"] }) }, { entryId: 1, judgeId: 1, status: 1, automatic: 1, conflictReason: 1 }).lean();
  const sheets = await ScoreSheet.find({ competitionId: competition._id }, { entryId: 1, judgeId: 1, status: 1, reopenedReason: 1 }).lean();
  const conflicts = await JudgeConflict.find({ judgeId: mongoose.trusted({ $in: competition.judgeIds }) }, { judgeId: 1, organizationId: 1 }).lean();
  const linked = new Set(conflicts.map((c) => `${String(c.judgeId)}:${String(c.organizationId)}`));
  const sheetOf = new Map(sheets.map((s) => [`${String(s.entryId)}:${String(s.judgeId)}`, s]));
  const nameOf = new Map(panel.map((j) => [j.id, j.name]));
  const minScores = competition.judging.minScores;
  const rows = progress.rows
    .filter((r) => !onlyLacking || r.submitted < minScores)
    .sort((a, b) => Number(b.submitted < minScores) - Number(a.submitted < minScores) || a.title.localeCompare(b.title, "zh-CN"));
  const pageRows = rows.slice((pageParams.page - 1) * pageParams.pageSize, pageParams.page * pageParams.pageSize);
  return {
    id: competitionId,
    title: competition.title,
    year: competition.year,
    state,
    seq: workflowCase.seq,
    minScores,
    judgesPerEntry: competition.judging.judgesPerEntry,
    lacking: progress.lacking,
    entryCount: progress.rows.length,
    onlyLacking,
    panel,
    others: others.map((j) => ({ id: String(j._id), name: j.displayName })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
    page: pageParams.page,
    pageSize: pageParams.pageSize,
    total: rows.length,
    entries: pageRows.map((r) => {
      const mine = assignments.filter((a) => String(a.entryId) === r.id);
      const taken = new Set(mine.map((a) => String(a.judgeId)));
      return {
        id: r.id,
        title: r.title,
        submitted: r.submitted,
        assigned: r.assigned,
        judges: mine
          .map((a) => {
            const sheet = sheetOf.get(`${r.id}:${String(a.judgeId)}`);
            return {
              id: String(a.judgeId),
              name: nameOf.get(String(a.judgeId)) ?? "—",
              status: a.status,
              automatic: a.automatic,
              conflictReason: a.status === "conflicted" ? a.conflictReason : "",
              sheet: (sheet?.status ?? "none") as SheetStatus,
              reopenedReason: sheet?.status === "draft" ? sheet.reopenedReason : "",
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
        // The judges a regulator may still add (the server checks again).
        candidates: panel.filter((j) => !taken.has(j.id) && !linked.has(`${j.id}:${r.organizationId}`)).map((j) => ({ id: j.id, name: j.name })),
      };
    }),
  };
}

/** The board's forms; assigning and taking judges off are steps of the competition (its seq is on the board). */
export const JUDGING_INTENTS = ["ADD_JUDGE", "ASSIGN_JUDGE", "UNASSIGN_JUDGE", "REOPEN", "AUTO_ASSIGN"] as const;

export type JudgingIntent = (typeof JUDGING_INTENTS)[number];

const judgingFormSchema = z.object({
  judgeId: z.string().trim().max(24),
  entryId: z.string().trim().max(24),
  reason: z.string().trim().max(1000, "competition.error.tooLong"),
});

export type JudgingActionResult = { ok: true; done: string } | { ok: false; status: number; intent: string; key: string; error: MessageKey; values: Record<string, string> };

/** One form of the judging board; every rule is the service's. */
export async function judgingBoardAction(user: SessionUser, competitionId: string, step: StepForm<JudgingIntent>): Promise<JudgingActionResult> {
  const { intent, seq } = step;
  const form = parseForm(judgingFormSchema, step.fields);
  const values = { intent, ...formValues(step.fields, Object.keys(judgingFormSchema.shape)) };
  const key = step.fields.key ?? "";
  if (!form.ok) return { ok: false, status: 400, intent, key, error: Object.values(form.errors)[0] ?? "validation.invalid", values };
  const { judgeId, entryId, reason } = form.data;
  if ((intent === "ASSIGN_JUDGE" || intent === "ADD_JUDGE") && !judgeId) return { ok: false, status: 400, intent, key, error: "competitionSetup.error.chooseJudge", values };
  const competition = await requireCompetition(competitionId);
  let result: JudgingAdminResult;
  if (intent === "AUTO_ASSIGN") {
    const assigned = await autoAssignFromBoard(user, competition, seq);
    if (assigned.ok) return { ok: true, done: `AUTO_ASSIGN:${assigned.made ?? 0}` };
    result = assigned;
  } else if (intent === "ADD_JUDGE") result = await addJudgeToPanel(competition, judgeId);
  else if (intent === "ASSIGN_JUDGE") result = await assignJudge(user, competition, entryId, judgeId, seq);
  else if (intent === "UNASSIGN_JUDGE") result = await removeAssignment(user, competition, entryId, judgeId, seq);
  else result = await reopenSheet(user, competitionId, entryId, judgeId, reason);
  return result.ok ? { ok: true, done: intent } : { ok: false, status: result.status, intent, key, error: result.error, values };
}
