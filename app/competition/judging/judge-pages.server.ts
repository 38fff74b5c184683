/**
 * What a judge's pages read (ADR 009). On the embedded database every query scans its table,
 * even by `_id` (ADR 001, 009), so the judge's pages read in-process copies: assignments and
 * score sheets behind a version token read on every request (what authorizes, and the judge's
 * own writes, must be current), competitions' settings and states behind a token re-read every
 * 200 ms (ADR 007), and entries' contents, which no longer change once under review.
 */
import mongoose from "mongoose";
import { Attachment } from "@models/attachment";
import { Competition } from "@models/competition";
import { JudgeAssignment } from "@models/judge-assignment";
import { judgeEntryId } from "@models/judge-entry-key";
import { ScoreSheet } from "@models/score-sheet";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import { registerIndex } from "~/register/register-index.server";
import type { EntryApplication } from "../applications/application-form";
import { casesReadModel } from "~/workflow/engine.server";
import { COMPETITION_KIND, COMPETITIONS_READ_MODEL, ENTRY_KIND, JUDGING_READ_MODEL } from "~/domain/competition";
import { budgetLinesOf } from "../applications/application-form";
import { judgeTotal } from "../scoring";
import { weightedTotalSoFar } from "../weighted-total";
import { ENTRY_SCORED_STATES } from "@machines/competition-entry.machine";
import { entryCases } from "../case-shapes";

const notFound = () => new Response("Not Found", { status: 404 });

/** The `_id` of this judge's assignment and sheet for the entry; 404 for anyone but a judge. */
export function judgeEntryKey(user: SessionUser, entryId: string): mongoose.Types.ObjectId {
  if (user.role !== "judge" || !mongoose.isValidObjectId(entryId)) throw notFound();
  return judgeEntryId(entryId, user.id);
}

/** Only an active (not conflicted, not removed) assignment of this judge to this entry lets them in. */
export function requireActiveAssignment<T extends { status: string; judgeId: unknown; entryId: unknown }>(assignment: T | null, user: SessionUser, entryId: string): T {
  if (!assignment || assignment.status !== "active" || String(assignment.judgeId) !== user.id || String(assignment.entryId) !== entryId) throw notFound();
  return assignment;
}

// ---- competitions: settings (editable in draft only) and state, behind a version token ----

export interface CompetitionView {
  id: string;
  title: string;
  theme: string;
  year: number;
  state: string;
  opensAt: string;
  closesAt: string;
  /** When judges should have scored by (optional; shown as a countdown). */
  judgingEndsAt: string | null;
  categories: string[];
  totalBudgetFen: number;
  perProjectCapFen: number;
  passMark: number;
  blind: boolean;
  /** Judges see the other judges' submitted totals (no names) once they submitted their own. */
  showOthersAfterSubmit: boolean;
  criteria: { id: string; name: string; description: string; weight: number; maxPoints: number }[];
}

/** Rebuilt after any write to a competition's settings (model hooks) or case (the engine). */
export const competitionViews = versionedReadModel([COMPETITIONS_READ_MODEL, casesReadModel(COMPETITION_KIND)], async (): Promise<Map<string, CompetitionView>> => {
  const settings = await Competition.find({}, { title: 1, theme: 1, year: 1, opensAt: 1, closesAt: 1, judgingEndsAt: 1, categories: 1, totalBudgetFen: 1, perProjectCapFen: 1, rubric: 1, judging: 1 }).lean();
  // The case has the competition's _id: `_id` lookups, one per competition (a handful).
  const states = await Promise.all(settings.map((c) => WorkflowCase.findById(c._id, { state: 1 }).lean()));
  return new Map(
    settings.map((c, i) => [
      String(c._id),
      {
        id: String(c._id),
        title: c.title,
        theme: c.theme,
        year: c.year,
        state: states[i]?.state ?? "",
        opensAt: c.opensAt.toISOString(),
        closesAt: c.closesAt.toISOString(),
        judgingEndsAt: c.judgingEndsAt?.toISOString() ?? null,
        categories: c.categories,
        totalBudgetFen: c.totalBudgetFen,
        perProjectCapFen: c.perProjectCapFen,
        passMark: c.judging.passMark,
        blind: c.rubric.blind,
        showOthersAfterSubmit: c.judging.showOthersAfterSubmit,
        criteria: c.rubric.criteria.map((k) => ({ id: k.id, name: k.name, description: k.description, weight: k.weight, maxPoints: k.maxPoints })),
      },
    ]),
  );
});

// ---- entries: contents are final once under review (no transition leads back to editing) ----

export interface EntryView {
  id: string;
  /** The visible number (YC2026-017). */
  number: string;
  competitionId: string;
  organizationId: string;
  title: string;
  application: EntryApplication;
  requestedFen: number;
  /** The application's files (proposal, budget sheet): final with the contents. */
  files: EntryFile[];
}

export interface EntryFile {
  id: string;
  use: string;
  name: string;
  type: string;
  size: number;
}

/** The files that are part of the application (what judges read). */
const APPLICATION_FILE_USES = ["proposal", "budget"] as const;

/** States from which an entry's contents never change again (judges see only these). */
const FINAL_CONTENT_STATES: readonly string[] = [...ENTRY_SCORED_STATES, "disqualified"];
const MAX_CACHED_ENTRIES = 5_000;
const entryCache = new Map<string, Promise<EntryView | null>>();

/** An entry's contents (null if no such entry); kept per process once they are final. */
export function entryView(entryId: string): Promise<EntryView | null> {
  const hit = entryCache.get(entryId);
  if (hit) return hit;
  const read = Promise.all([
    WorkflowCase.findById(entryId, { kind: 1, state: 1, title: 1, organizationId: 1, data: 1 }).lean(),
    Attachment.find({ caseKind: ENTRY_KIND, caseId: entryId, status: "active", use: mongoose.trusted({ $in: [...APPLICATION_FILE_USES] }) }, { originalName: 1, use: 1, detectedType: 1, size: 1, uploadedAt: 1 })
      .sort({ uploadedAt: 1 })
      .lean(),
  ]).then(([row, files]) => {
      if (!row || row.kind !== ENTRY_KIND) return { view: null, final: false };
      const data = entryCases.dataOf(row);
      const view: EntryView = {
        id: String(row._id),
        number: data.entryNumber ?? "",
        competitionId: data.competitionId ?? "",
        organizationId: String(row.organizationId ?? ""),
        title: row.title,
        application: data.application ?? {},
        requestedFen: data.requestedFen ?? 0,
        files: files.map((f) => ({ id: String(f._id), use: f.use, name: f.originalName, type: f.detectedType, size: f.size })),
      };
      return { view, final: FINAL_CONTENT_STATES.includes(row.state) };
    });
  const promise = read.then((r) => r.view);
  // Concurrent first readers share the read; only final contents stay.
  entryCache.set(entryId, promise);
  read.then(
    (r) => {
      if (!r.final) entryCache.delete(entryId);
    },
    () => entryCache.delete(entryId),
  );
  if (entryCache.size > MAX_CACHED_ENTRIES) entryCache.delete(entryCache.keys().next().value!);
  return promise;
}

// ---- judges' active assignments and their sheets, behind a token read on every call ----

interface Assignment {
  entryId: string;
  judgeId: string;
  competitionId: string;
  status: "active";
}

interface Sheet {
  entryId: string;
  judgeId: string;
  status: "draft" | "submitted";
  points: Record<string, number>;
  comments: Record<string, string>;
  reopenedReason: string;
}

interface JudgingCopy {
  /** By judgeEntryId(entry, judge), computed from the fields (so older random `_id`s match too). */
  assignments: Map<string, Assignment>;
  sheets: Map<string, Sheet>;
  byJudge: Map<string, Assignment[]>;
  sheetsByEntry: Map<string, Sheet[]>;
}

/**
 * Rebuilt after any write to assignments or score sheets. The token is read on every call, so
 * a revoked assignment closes the page and a judge's saved draft shows at once, in any process.
 * Only the caller's own sheet ever leaves this module.
 */
const judgingCopy = versionedReadModel(
  JUDGING_READ_MODEL,
  async (): Promise<JudgingCopy> => {
    const [assignmentRows, sheetRows] = await Promise.all([
      JudgeAssignment.find({ status: "active" }, { entryId: 1, judgeId: 1, competitionId: 1 }).lean(),
      ScoreSheet.find({}, { entryId: 1, judgeId: 1, points: 1, comments: 1, status: 1, reopenedReason: 1 }).lean(),
    ]);
    const copy: JudgingCopy = { assignments: new Map(), sheets: new Map(), byJudge: new Map(), sheetsByEntry: new Map() };
    for (const row of assignmentRows) {
      const a: Assignment = { entryId: String(row.entryId), judgeId: String(row.judgeId), competitionId: String(row.competitionId), status: "active" };
      copy.assignments.set(String(judgeEntryId(a.entryId, a.judgeId)), a);
      if (!copy.byJudge.has(a.judgeId)) copy.byJudge.set(a.judgeId, []);
      copy.byJudge.get(a.judgeId)!.push(a);
    }
    for (const row of sheetRows) {
      const sheet: Sheet = {
        entryId: String(row.entryId),
        judgeId: String(row.judgeId),
        status: row.status,
        points: (row.points ?? {}) as Record<string, number>,
        comments: (row.comments ?? {}) as Record<string, string>,
        reopenedReason: row.reopenedReason ?? "",
      };
      copy.sheets.set(String(judgeEntryId(sheet.entryId, sheet.judgeId)), sheet);
      if (!copy.sheetsByEntry.has(sheet.entryId)) copy.sheetsByEntry.set(sheet.entryId, []);
      copy.sheetsByEntry.get(sheet.entryId)!.push(sheet);
    }
    return copy;
  },
  { recheckMs: 0 },
);

// ---- the pages ----

/** The judge's list: their active assignments per competition, judging now first, with progress and deadline. */
export async function judgeWorkspace(user: SessionUser) {
  if (user.role !== "judge") throw notFound();
  const [judging, competitions] = await Promise.all([judgingCopy(), competitionViews()]);
  const mine = judging.byJudge.get(user.id) ?? [];
  const entries = new Map((await Promise.all(mine.map((a) => entryView(a.entryId)))).flatMap((e) => (e ? [[e.id, e] as const] : [])));
  const byCompetition = new Map<string, Assignment[]>();
  for (const a of mine) byCompetition.set(a.competitionId, [...(byCompetition.get(a.competitionId) ?? []), a]);
  const list = [...byCompetition].flatMap(([competitionId, assigned]) => {
    const competition = competitions.get(competitionId);
    if (!competition) return [];
    const rows = assigned
      .flatMap((a) => {
        const entry = entries.get(a.entryId);
        const status = judging.sheets.get(String(judgeEntryId(a.entryId, user.id)))?.status ?? ("none" as const);
        return entry?.competitionId === competitionId ? [{ id: entry.id, number: entry.number, title: entry.title, category: entry.application.category ?? "", status }] : [];
      })
      // What is still to do first, then by number.
      .sort((a, b) => Number(a.status === "submitted") - Number(b.status === "submitted") || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    return [
      {
        id: competitionId,
        title: competition.title,
        year: competition.year,
        state: competition.state,
        current: competition.state === "judging",
        judgingEndsAt: competition.judgingEndsAt,
        done: rows.filter((r) => r.status === "submitted").length,
        total: rows.length,
        entries: rows,
      },
    ];
  });
  return list.sort((a, b) => Number(b.current) - Number(a.current) || b.year - a.year);
}

/**
 * One file of an entry this judge is assigned to, while judging is open: the file's facts for
 * the download route (which asks the attachment policy again), or 404. Blind: no original name.
 */
export async function judgeEntryFile(user: SessionUser, entryId: string, fileId: string) {
  const key = judgeEntryKey(user, entryId);
  const [judging, competitions] = await Promise.all([judgingCopy(), competitionViews()]);
  const assignment = requireActiveAssignment(judging.assignments.get(String(key)) ?? null, user, entryId);
  const competition = competitions.get(assignment.competitionId);
  const entry = await entryView(entryId);
  const file = entry?.files.find((f) => f.id === fileId);
  if (!competition || competition.state !== "judging" || !entry || !file) throw notFound();
  return { ...file, blind: competition.blind, index: entry.files.filter((f) => f.use === file.use).indexOf(file) + 1 };
}

/** One assigned entry to score: the application, the rubric, and this judge's own sheet. */
export async function scoringPage(user: SessionUser, entryId: string) {
  const key = judgeEntryKey(user, entryId);
  const [judging, competitions] = await Promise.all([judgingCopy(), competitionViews()]);
  const assignment = requireActiveAssignment(judging.assignments.get(String(key)) ?? null, user, entryId);
  const entry = await entryView(entryId);
  // The key is this judge's: another judge's sheet (a draft above all) is never read here.
  const sheet = judging.sheets.get(String(key)) ?? null;
  const competition = competitions.get(assignment.competitionId);
  if (!competition || !entry || entry.competitionId !== competition.id) throw notFound();
  // Blind judging: the organization is not even looked up.
  const organizationName = competition.blind ? null : ((await registerIndex()).byId.get(entry.organizationId)?.name ?? null);
  // Other judges' totals, without names, only once this judge submitted and if the competition allows it.
  const rubric = { criteria: competition.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, maxPoints: c.maxPoints })) };
  const otherTotals =
    competition.showOthersAfterSubmit && sheet?.status === "submitted"
      ? (judging.sheetsByEntry.get(entryId) ?? [])
          .filter((s) => s.status === "submitted" && s.judgeId !== user.id)
          .map((s) => judgeTotal(rubric, s.points))
          .sort((a, b) => b - a)
      : [];
  const { lines } = budgetLinesOf(entry.application);
  const points = sheet?.points ?? {};
  // Files only while judging is open (as the attachment policy decides); blind: no original names.
  const filesOpen = competition.state === "judging";
  return {
    entry: { id: entry.id, number: entry.number, title: entry.title, application: entry.application, requestedFen: entry.requestedFen },
    budget: { lines, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) },
    files: filesOpen ? entry.files.map((f) => ({ id: f.id, use: f.use, name: competition.blind ? null : f.name, pdf: f.type === "application/pdf", size: f.size })) : null,
    savedTotal: weightedTotalSoFar(competition.criteria, points),
    organizationName,
    blind: competition.blind,
    competition: { id: competition.id, title: competition.title },
    criteria: competition.criteria,
    sheet: sheet ? { points: sheet.points, comments: sheet.comments, status: sheet.status, reopenedReason: sheet.status === "draft" ? sheet.reopenedReason : "" } : null,
    otherTotals,
  };
}
