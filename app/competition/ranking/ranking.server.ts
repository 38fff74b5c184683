/**
 * Scores, ranking and the funding plan of a competition, computed by the pure scoring module
 * from the database (entries, submitted score sheets, the regulator's logged adjustments), and
 * the public results document built from the same computation.
 */
import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { Competition, type CompetitionFields } from "@models/competition";
import { Organization } from "@models/organization";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import type { EntryContext } from "@machines/competition-entry.machine";
import type { EntryApplication } from "../applications/application-form";
import { ENTRY_KIND } from "~/domain/competition";
import {
  adjustPlan,
  anonymousJudgeLabels,
  buildPublicResults,
  planFunding,
  scoreCompetition,
  type FundingPlan,
  type JudgingRules,
  type PublicResults,
  type Rubric,
  type ScoringOutcome,
} from "../scoring";
import { ENTRY_SCORED_STATES } from "@machines/competition-entry.machine";
import { entryCases } from "../case-shapes";

export type CompetitionRecord = CompetitionFields & { _id: mongoose.Types.ObjectId };

export async function loadCompetition(competitionId: string): Promise<CompetitionRecord | null> {
  if (!mongoose.isValidObjectId(competitionId)) return null;
  return (await Competition.findById(competitionId).lean()) as CompetitionRecord | null;
}

export function rubricOf(competition: CompetitionRecord): Rubric {
  return { criteria: competition.rubric.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, maxPoints: c.maxPoints })) };
}

export function rulesOf(competition: CompetitionRecord): JudgingRules {
  return { minScores: competition.judging.minScores, trimmedMean: competition.judging.trimmedMean, normalize: competition.judging.normalize };
}

export interface EntryRow {
  id: string;
  /** The visible number, e.g. YC2026-017 (titles repeat). */
  number: string;
  title: string;
  state: string;
  /** The entry case's seq: forms acting on the entry send it, so a stale page gets the conflict message. */
  seq: number;
  organizationId: string;
  application: EntryApplication;
  context: EntryContext;
  requestedFen: number;
}

const ENTRY_ROW_PROJECTION = { title: 1, state: 1, seq: 1, organizationId: 1, data: 1, snapshot: 1 } as const;

function toEntryRow(r: { _id: unknown; title: string; state: string; seq: number; organizationId?: unknown; data?: unknown; snapshot?: unknown }): EntryRow {
  const data = entryCases.dataOf(r);
  return {
    id: String(r._id),
    number: data.entryNumber ?? "",
    title: r.title,
    state: r.state,
    seq: r.seq,
    organizationId: String(r.organizationId ?? ""),
    application: data.application ?? {},
    context: entryCases.contextOf(r.snapshot),
    requestedFen: data.requestedFen ?? 0,
  };
}

export async function entriesOf(competitionId: string, states?: readonly string[]): Promise<EntryRow[]> {
  const filter: Record<string, unknown> = { kind: ENTRY_KIND, "data.competitionId": competitionId };
  if (states) filter.state = mongoose.trusted({ $in: [...states] });
  const rows = await WorkflowCase.find(filter, ENTRY_ROW_PROJECTION).lean();
  return rows.map(toEntryRow);
}

/** One entry of the competition (null if it is not one of its entries). */
export async function entryOf(competitionId: string, entryId: string): Promise<EntryRow | null> {
  if (!mongoose.isValidObjectId(entryId)) return null;
  // By _id alone (the embedded database then uses the _id index), checked in code.
  const row = await WorkflowCase.findById(entryId, { ...ENTRY_ROW_PROJECTION, kind: 1 }).lean();
  if (!row || row.kind !== ENTRY_KIND || entryCases.dataOf(row).competitionId !== competitionId) return null;
  return toEntryRow(row);
}

export interface CompetitionScoring {
  competition: CompetitionRecord;
  entries: EntryRow[];
  outcome: ScoringOutcome;
  plan: FundingPlan;
  /** The adjustments could not be applied (e.g. after a disqualification): the rule plan is shown. */
  adjustmentsRejected: boolean;
}

export async function scoreAndPlan(competition: CompetitionRecord): Promise<CompetitionScoring> {
  const entries = (await entriesOf(String(competition._id), ENTRY_SCORED_STATES)).filter((e) => e.context.submittedAt);
  const ids = new Set(entries.map((e) => e.id));
  const sheets = await ScoreSheet.find({ competitionId: competition._id, status: "submitted" }, { entryId: 1, judgeId: 1, points: 1, submittedAt: 1 }).lean();
  const outcome = scoreCompetition({
    rubric: rubricOf(competition),
    rules: rulesOf(competition),
    entries: entries.map((e) => ({ entryId: e.id, requestedFen: e.requestedFen, submittedAt: e.context.submittedAt! })),
    sheets: sheets
      .filter((s) => ids.has(String(s.entryId)))
      .map((s) => ({ entryId: String(s.entryId), judgeId: String(s.judgeId), points: s.points as Record<string, number>, submittedAt: s.submittedAt ?? null })),
  });
  const rulePlan = planFunding(outcome.ranking, {
    budgetFen: competition.totalBudgetFen,
    capFen: competition.perProjectCapFen,
    passMark: competition.judging.passMark,
  });
  // The latest adjustment per entry counts; every one stays in the log.
  const latest = new Map<string, number>();
  for (const a of competition.planAdjustments) if (ids.has(String(a.entryId))) latest.set(String(a.entryId), a.awardFen);
  const ranked = new Set(rulePlan.lines.map((l) => l.entryId));
  const adjusted = adjustPlan(
    rulePlan,
    [...latest].filter(([entryId]) => ranked.has(entryId)).map(([entryId, awardFen]) => ({ entryId, awardFen })),
  );
  return { competition, entries, outcome, plan: adjusted.ok ? adjusted.plan : rulePlan, adjustmentsRejected: !adjusted.ok };
}

/** Anonymous judge labels in an order unrelated to the panel list: a per-competition hash. */
export function judgeLabelsFor(competitionId: string, judgeIds: readonly string[]) {
  const order = [...new Set(judgeIds)].sort((a, b) => {
    const ha = createHash("sha256").update(`${competitionId}:${a}`).digest("hex");
    const hb = createHash("sha256").update(`${competitionId}:${b}`).digest("hex");
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  return anonymousJudgeLabels(order);
}

/** The public results document (GET /api/v1/competitions/:id/results). */
export async function publicResults(competition: CompetitionRecord): Promise<PublicResults & { competition: { id: string; title: string; year: number } }> {
  const scoring = await scoreAndPlan(competition);
  const orgIds = [...new Set(scoring.entries.map((e) => e.organizationId))];
  const organizations = await Organization.find({ _id: mongoose.trusted({ $in: orgIds.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1, uscc: 1 }).lean();
  const orgById = new Map(organizations.map((o) => [String(o._id), o]));
  const details = new Map(
    scoring.entries.map((e) => {
      const org = orgById.get(e.organizationId);
      return [e.id, { number: e.number, title: e.title, organization: { name: org?.name ?? "", uscc: org?.uscc ?? "" }, category: e.application.category ?? "", status: e.state }];
    }),
  );
  const judgeIds = [...scoring.outcome.ranking, ...scoring.outcome.incomplete].flatMap((e) => e.judgeTotals.map((t) => t.judgeId));
  const results = buildPublicResults({
    rules: rulesOf(competition),
    outcome: scoring.outcome,
    plan: scoring.plan,
    details,
    judgeLabels: judgeLabelsFor(String(competition._id), judgeIds),
  });
  return { competition: { id: String(competition._id), title: competition.title, year: competition.year }, ...results };
}

/** The panel's names (the public page lists them; the results use anonymous labels). */
export async function panelNames(competition: CompetitionRecord): Promise<string[]> {
  const judges = await User.find({ _id: mongoose.trusted({ $in: competition.judgeIds }) }, { displayName: 1 }).lean();
  return judges.map((j) => j.displayName).sort((a, b) => a.localeCompare(b, "zh-CN"));
}
