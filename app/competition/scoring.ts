/**
 * Scoring and funding-plan rules of the community venture-philanthropy competition (公益创投大赛).
 *
 * Pure TypeScript: no I/O, no database, no clock, no randomness, so the same inputs always give
 * the same outputs on the server, in the browser and in anyone's re-computation of the public
 * results. Servers load the rubric, the judging rules, the entries and the submitted score sheets,
 * call {@link scoreCompetition} and {@link planFunding}, and persist what comes out.
 *
 * The rules (docs/scoring.md explains them for regulators and auditors):
 *
 * 1. **Judge total** — a judge's total for an entry is Σ weight × points / maxPoints over the
 *    rubric's criteria; weights are integer percents summing to 100, so the total is 0–100.
 * 2. **Normalization** (optional) — each judge's totals are turned into z-scores over that
 *    judge's entries and mapped back onto the overall mean and standard deviation of all totals,
 *    removing a judge's leniency or harshness. See {@link scoreFromTotals} for the edge cases.
 * 3. **Final score** — the mean of the entry's (normalized) judge totals; with trimmed mean on and
 *    at least {@link TRIM_MIN_SCORES} judges, one highest and one lowest total are dropped first.
 * 4. **Incomplete** — an entry with fewer submitted scores than `minScores` gets no final score
 *    and no rank.
 * 5. **Ranking** — final score (higher first), then the median judge total (higher first), then
 *    the entry's submission time (earlier first), then the entry id (so the order is total).
 *    Scores closer than {@link SCORE_EPSILON} count as equal; full precision is kept otherwise and
 *    rounding ({@link roundScore}) is for display only.
 * 6. **Funding plan** — in rank order, every entry at or above the pass mark is offered
 *    min(request, cap) while the budget lasts; an entry that does not fit is skipped and the next
 *    one is tried; the leftover is reported. Money is integer fen throughout.
 */
import { rubricIssues, type Criterion, type Rubric, type RubricIssue } from "~/domain/rubric";

// The rubric lives with the shared rules (the competition machine checks it too); re-exported for the scoring callers.
export { rubricIssues, type Criterion, type Rubric, type RubricIssue };

/** Scores whose difference is at most this are equal (tie-breaks decide between them). */
export const SCORE_EPSILON = 1e-9;
/** Trimmed mean drops one highest and one lowest total only when at least this many judges scored. */
export const TRIM_MIN_SCORES = 5;
/** Default: flag an entry when its judges' totals span more than this many points. */
export const DEFAULT_DISAGREEMENT_RANGE = 25;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface JudgingRules {
  /** Submitted scores an entry needs to be ranked (integer ≥ 1). */
  minScores: number;
  /** Drop one highest and one lowest total when at least {@link TRIM_MIN_SCORES} judges scored. */
  trimmedMean: boolean;
  /** Convert each judge's totals to z-scores over that judge's entries first. */
  normalize: boolean;
  /** Flag an entry whose totals span more than this (points, default 25). */
  disagreementRange?: number;
}

/** A date, or its ISO 8601 text as it arrives from JSON. */
export type Instant = Date | string;

/** One judge's score sheet for one entry. `points` maps criterion id → points given. */
export interface ScoreSheet {
  entryId: string;
  judgeId: string;
  points: Readonly<Record<string, number>>;
  /** When the judge submitted; `null` for a draft, which never counts. */
  submittedAt: Instant | null;
}

export interface EntryForRanking {
  entryId: string;
  /** The amount applied for, integer fen. */
  requestedFen: number;
  /** When the entry was submitted: the last tie-break (earlier wins). */
  submittedAt: Instant;
}

/** A judge total already computed (from sheets, or read back from the public results). */
export interface JudgeTotal {
  entryId: string;
  judgeId: string;
  total: number;
}

export interface JudgeTotalDetail {
  judgeId: string;
  /** The judge's total, 0–100, as computed from the rubric. */
  total: number;
  /** The total after per-judge normalization; `null` when normalization is off. */
  normalizedTotal: number | null;
}

export interface EntryScore {
  entryId: string;
  requestedFen: number;
  submittedAtMs: number;
  /** Every submitted judge total, ordered by judge id. */
  judgeTotals: JudgeTotalDetail[];
  scoreCount: number;
  /** max − min of the raw judge totals; `null` when nobody scored. */
  spread: number | null;
  /** The spread is above the disagreement range: the panel should discuss before publishing. */
  disagreement: boolean;
  /** Has at least `minScores` submitted scores. */
  complete: boolean;
  /** One highest and one lowest total were dropped from the mean. */
  trimmed: boolean;
  /** Full precision; `null` when incomplete. */
  finalScore: number | null;
  /** Median of the totals the final score is computed from (all of them, before trimming). */
  medianTotal: number | null;
  /** 1..n over the complete entries; `null` when incomplete. */
  rank: number | null;
}

export interface RankedEntry extends EntryScore {
  complete: true;
  finalScore: number;
  medianTotal: number;
  rank: number;
}

export interface ScoringOutcome {
  /** The complete entries in rank order (rank 1 first). */
  ranking: RankedEntry[];
  /** Entries with fewer than `minScores` submitted scores, in input order. */
  incomplete: EntryScore[];
}

export type ScoringErrorCode =
  | "invalid-rubric"
  | "invalid-rules"
  | "invalid-entry"
  | "duplicate-entry"
  | "unknown-entry"
  | "duplicate-score"
  | "missing-points"
  | "unknown-criterion"
  | "points-out-of-range"
  | "invalid-total"
  | "invalid-funding-rules";

/** Thrown for input that breaks the rules' preconditions; `code` is stable (dictionary key material). */
export class ScoringError extends Error {
  override readonly name = "ScoringError";
  constructor(
    readonly code: ScoringErrorCode,
    message: string,
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Rubric and judge totals
// ---------------------------------------------------------------------------------------------

function assertValidRubric(rubric: Rubric): void {
  const issues = rubricIssues(rubric);
  if (issues.length > 0) {
    throw new ScoringError("invalid-rubric", `invalid rubric: ${issues.map((i) => i.code).join(", ")}`, { issues: issues.length });
  }
}

/**
 * A judge's total for one entry: Σ weight × points / maxPoints, 0–100.
 * Throws {@link ScoringError} when the rubric is invalid, a criterion has no points, points name
 * a criterion the rubric does not have, or points fall outside 0..maxPoints (or are not numbers).
 */
export function judgeTotal(rubric: Rubric, points: Readonly<Record<string, number>>): number {
  assertValidRubric(rubric);
  return totalOfValidRubric(rubric, points, null);
}

/** {@link judgeTotal} for a rubric already validated (the hot path: once per sheet). */
function totalOfValidRubric(
  rubric: Rubric,
  points: Readonly<Record<string, number>>,
  sheet: Pick<ScoreSheet, "entryId" | "judgeId"> | null,
): number {
  let total = 0;
  for (const c of rubric.criteria) {
    const given = points[c.id];
    if (given === undefined) {
      throw new ScoringError("missing-points", `no points for criterion ${c.id}`, { ...contextOf(sheet), criterionId: c.id });
    }
    if (typeof given !== "number" || !Number.isFinite(given) || given < 0 || given > c.maxPoints) {
      throw new ScoringError("points-out-of-range", `points for ${c.id} must be within 0..${c.maxPoints}`, {
        ...contextOf(sheet),
        criterionId: c.id,
        maxPoints: c.maxPoints,
      });
    }
    total += (c.weight * given) / c.maxPoints;
  }
  // Every rubric criterion is present, so more keys means one the rubric does not know.
  if (Object.keys(points).length !== rubric.criteria.length) {
    const known = new Set(rubric.criteria.map((c) => c.id));
    const unknown = Object.keys(points).find((k) => !known.has(k)) ?? "";
    throw new ScoringError("unknown-criterion", `points for unknown criterion ${unknown}`, { ...contextOf(sheet), criterionId: unknown });
  }
  return total;
}

function contextOf(sheet: Pick<ScoreSheet, "entryId" | "judgeId"> | null): Record<string, string> {
  return sheet ? { entryId: sheet.entryId, judgeId: sheet.judgeId } : {};
}

// ---------------------------------------------------------------------------------------------
// Final scores and ranking
// ---------------------------------------------------------------------------------------------

/**
 * Scores and ranks a competition from its submitted score sheets. Drafts (`submittedAt: null`)
 * are ignored; every submitted sheet must belong to a listed entry, and a judge may have only one
 * submitted sheet per entry. The outcome does not depend on the order of the inputs.
 */
export function scoreCompetition(input: {
  rubric: Rubric;
  rules: JudgingRules;
  entries: readonly EntryForRanking[];
  sheets: readonly ScoreSheet[];
}): ScoringOutcome {
  assertValidRubric(input.rubric);
  const totals: JudgeTotal[] = [];
  for (const sheet of input.sheets) {
    if (sheet.submittedAt === null || sheet.submittedAt === undefined) continue;
    totals.push({
      entryId: sheet.entryId,
      judgeId: sheet.judgeId,
      total: totalOfValidRubric(input.rubric, sheet.points, sheet),
    });
  }
  return scoreFromTotals({ rules: input.rules, entries: input.entries, totals });
}

interface EntryAccumulator {
  entry: EntryForRanking;
  submittedAtMs: number;
  /** Positions of this entry's totals in the input list. */
  indexes: number[];
}

/**
 * Final scores, flags and ranking from judge totals already computed — what
 * {@link scoreCompetition} does after the rubric, and what {@link recomputeFromResults} does with
 * the published totals.
 *
 * Normalization, precisely: let μ and σ be the mean and population standard deviation of all
 * submitted totals (every entry, complete or not), and μⱼ, σⱼ those of judge j's totals. Judge j's
 * total x becomes μ + σ·(x − μⱼ)/σⱼ. A judge who scored a single entry, or gave every entry the
 * same total (σⱼ ≤ {@link SCORE_EPSILON}), has shown no preference between entries that could be
 * scaled: their raw total is shifted to the overall mean, i.e. x − μⱼ + μ, which is μ. Normalized
 * totals may fall slightly outside 0–100; they are not clamped, since clamping would create ties.
 *
 * Every sum is taken over the values sorted ascending, so the result is bit-for-bit the same
 * whatever order the inputs come in — the public re-computation gets exactly the same numbers.
 */
export function scoreFromTotals(input: {
  rules: JudgingRules;
  entries: readonly EntryForRanking[];
  totals: readonly JudgeTotal[];
}): ScoringOutcome {
  const rules = resolveRules(input.rules);
  const { totals } = input;
  const byEntry = new Map<string, EntryAccumulator>();
  for (const entry of input.entries) {
    if (typeof entry.entryId !== "string" || entry.entryId === "") {
      throw new ScoringError("invalid-entry", "entry without an id");
    }
    if (!isWholeFen(entry.requestedFen)) {
      throw new ScoringError("invalid-entry", `request of ${entry.entryId} must be whole fen`, { entryId: entry.entryId });
    }
    if (byEntry.has(entry.entryId)) {
      throw new ScoringError("duplicate-entry", `entry ${entry.entryId} listed twice`, { entryId: entry.entryId });
    }
    byEntry.set(entry.entryId, { entry, submittedAtMs: instantToMs(entry.submittedAt, entry.entryId), indexes: [] });
  }

  for (let i = 0; i < totals.length; i++) {
    const t = totals[i]!;
    const accumulator = byEntry.get(t.entryId);
    if (!accumulator) throw new ScoringError("unknown-entry", `score for unlisted entry ${t.entryId}`, { entryId: t.entryId });
    if (typeof t.total !== "number" || !Number.isFinite(t.total)) {
      throw new ScoringError("invalid-total", `total of ${t.judgeId} for ${t.entryId} is not a number`, { entryId: t.entryId, judgeId: t.judgeId });
    }
    // A handful of judges per entry: a linear scan beats a global set of composite keys.
    for (const other of accumulator.indexes) {
      if (totals[other]!.judgeId === t.judgeId) {
        throw new ScoringError("duplicate-score", `${t.judgeId} scored ${t.entryId} twice`, { entryId: t.entryId, judgeId: t.judgeId });
      }
    }
    accumulator.indexes.push(i);
  }

  const normalized = rules.normalize ? normalizeTotals(totals) : null;

  const complete: EntryScore[] = [];
  const incomplete: EntryScore[] = [];
  for (const { entry, submittedAtMs, indexes } of byEntry.values()) {
    const count = indexes.length;
    const judgeTotals = sortSmall(
      indexes.map((i): JudgeTotalDetail => ({ judgeId: totals[i]!.judgeId, total: totals[i]!.total, normalizedTotal: normalized ? normalized[i]! : null })),
      byJudgeId,
    );
    let spread: number | null = null;
    if (count > 0) {
      let min = Infinity;
      let max = -Infinity;
      for (const t of judgeTotals) {
        if (t.total < min) min = t.total;
        if (t.total > max) max = t.total;
      }
      spread = max - min;
    }
    const isComplete = count >= rules.minScores;
    const trimmed = isComplete && rules.trimmedMean && count >= TRIM_MIN_SCORES;
    let finalScore: number | null = null;
    let medianTotal: number | null = null;
    if (isComplete) {
      const used = sortSmall(judgeTotals.map((t) => t.normalizedTotal ?? t.total), ascending);
      const from = trimmed ? 1 : 0;
      const to = trimmed ? count - 1 : count;
      finalScore = sum(used, from, to) / (to - from);
      medianTotal = median(used);
    }
    const score: EntryScore = {
      entryId: entry.entryId,
      requestedFen: entry.requestedFen,
      submittedAtMs,
      judgeTotals,
      scoreCount: count,
      spread,
      disagreement: spread !== null && spread > rules.disagreementRange + SCORE_EPSILON,
      complete: isComplete,
      trimmed,
      finalScore,
      medianTotal,
      rank: null,
    };
    (isComplete ? complete : incomplete).push(score);
  }

  const ranking = (complete as RankedEntry[]).sort(compareForRanking);
  ranking.forEach((entry, index) => {
    entry.rank = index + 1;
  });
  return { ranking, incomplete };
}

/** Ranking order: final score desc, median desc (both with epsilon), submission asc, entry id. */
function compareForRanking(a: RankedEntry, b: RankedEntry): number {
  return (
    compareScoresDescending(a.finalScore, b.finalScore) ||
    compareScoresDescending(a.medianTotal, b.medianTotal) ||
    a.submittedAtMs - b.submittedAtMs ||
    compareText(a.entryId, b.entryId)
  );
}

/** Negative when `a` should come first (is higher); 0 when the two are within {@link SCORE_EPSILON}. */
export function compareScoresDescending(a: number, b: number): number {
  if (Math.abs(a - b) <= SCORE_EPSILON) return 0;
  return a > b ? -1 : 1;
}

/** Every total normalized per judge (see {@link scoreFromTotals}), aligned with the input list. */
function normalizeTotals(totals: readonly JudgeTotal[]): Float64Array {
  const n = totals.length;
  // Group the totals by judge in one flat array (a counting sort), each judge's run then sorted.
  const judgeNumbers = new Map<string, number>();
  const judgeOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let j = judgeNumbers.get(totals[i]!.judgeId);
    if (j === undefined) {
      j = judgeNumbers.size;
      judgeNumbers.set(totals[i]!.judgeId, j);
    }
    judgeOf[i] = j;
  }
  const judges = judgeNumbers.size;
  const starts = new Int32Array(judges + 1);
  for (let i = 0; i < n; i++) starts[judgeOf[i]! + 1]!++;
  for (let j = 0; j < judges; j++) starts[j + 1]! += starts[j]!;
  const grouped = new Float64Array(n);
  const fill = starts.slice(0, judges);
  for (let i = 0; i < n; i++) grouped[fill[judgeOf[i]!]!++] = totals[i]!.total;
  const judgeMean = new Float64Array(judges);
  const judgeDeviation = new Float64Array(judges);
  for (let j = 0; j < judges; j++) {
    const stats = meanAndDeviation(grouped.subarray(starts[j]!, starts[j + 1]!));
    judgeMean[j] = stats.mean;
    judgeDeviation[j] = stats.deviation;
  }
  const all = new Float64Array(n);
  for (let i = 0; i < n; i++) all[i] = totals[i]!.total;
  const overall = meanAndDeviation(all);

  const normalized = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = judgeOf[i]!;
    const x = totals[i]!.total;
    normalized[i] =
      judgeDeviation[j]! <= SCORE_EPSILON
        ? x - judgeMean[j]! + overall.mean
        : overall.mean + (overall.deviation * (x - judgeMean[j]!)) / judgeDeviation[j]!;
  }
  return normalized;
}

/**
 * Mean and population standard deviation, summed over the values in ascending order so the bits
 * do not depend on input order. Sorts `values` in place.
 */
function meanAndDeviation(values: Float64Array): { mean: number; deviation: number } {
  if (values.length === 0) return { mean: 0, deviation: 0 };
  const sorted = values.sort();
  const mean = sum(sorted, 0, sorted.length) / sorted.length;
  let squares = 0;
  for (let i = 0; i < sorted.length; i++) squares += (sorted[i]! - mean) * (sorted[i]! - mean);
  return { mean, deviation: Math.sqrt(squares / sorted.length) };
}

function sum(values: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
}

function ascending(a: number, b: number): number {
  return a - b;
}

function byJudgeId(a: JudgeTotalDetail, b: JudgeTotalDetail): number {
  return compareText(a.judgeId, b.judgeId);
}

/**
 * Insertion sort, in place. An entry has a handful of judges, and for ten thousand such tiny
 * arrays this is several times faster than Array.prototype.sort, whose set-up cost dominates.
 */
function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

/** Median of values sorted ascending (mean of the middle two for an even count). */
function median(sorted: ArrayLike<number>): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function resolveRules(rules: JudgingRules): Required<JudgingRules> {
  const disagreementRange = rules.disagreementRange ?? DEFAULT_DISAGREEMENT_RANGE;
  if (!Number.isSafeInteger(rules.minScores) || rules.minScores < 1) {
    throw new ScoringError("invalid-rules", "minScores must be a whole number of at least 1", { minScores: rules.minScores });
  }
  if (!Number.isFinite(disagreementRange) || disagreementRange < 0) {
    throw new ScoringError("invalid-rules", "disagreementRange must be a number of at least 0", { disagreementRange });
  }
  return { minScores: rules.minScores, trimmedMean: rules.trimmedMean === true, normalize: rules.normalize === true, disagreementRange };
}

function instantToMs(value: Instant, entryId: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ScoringError("invalid-entry", `submission time of ${entryId} is not a date`, { entryId });
  return ms;
}

function isWholeFen(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Code-point order: the same in every runtime and locale (unlike localeCompare). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rounds a score for display (default two decimals). Never rank on the rounded value. */
export function roundScore(score: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(score * factor) / factor;
}

// ---------------------------------------------------------------------------------------------
// Funding plan
// ---------------------------------------------------------------------------------------------

export interface FundingRules {
  /** Total budget, integer fen. */
  budgetFen: number;
  /** Per-project cap, integer fen. */
  capFen: number;
  /** Lowest final score that may be funded (inclusive, within {@link SCORE_EPSILON}). */
  passMark: number;
}

/** What the rules decided for a ranked entry. */
export type PlanDecision = "funded" | "over-budget" | "below-pass-mark";

export interface PlanLine {
  entryId: string;
  rank: number;
  finalScore: number;
  requestedFen: number;
  decision: PlanDecision;
  /** The award the rules gave (0 unless funded). */
  plannedAwardFen: number;
  /** The award now: the planned one, or a regulator's adjustment. */
  awardFen: number;
  adjusted: boolean;
}

export interface FundingPlan extends FundingRules {
  /** One line per ranked entry, in rank order. */
  lines: PlanLine[];
  committedFen: number;
  leftoverFen: number;
}

export type PlanEntry = Pick<RankedEntry, "entryId" | "rank" | "finalScore" | "requestedFen">;

/**
 * The rule-based funding plan: in rank order, each entry at or above the pass mark is offered
 * min(request, cap); it is funded if that still fits in what is left of the budget, otherwise it
 * is skipped ("over-budget") and the next entry is tried. Nobody gets part of an award.
 */
export function planFunding(ranking: readonly PlanEntry[], rules: FundingRules): FundingPlan {
  if (!isWholeFen(rules.budgetFen) || !isWholeFen(rules.capFen) || !Number.isFinite(rules.passMark)) {
    throw new ScoringError("invalid-funding-rules", "budget and cap must be whole fen and the pass mark a number");
  }
  let leftFen = rules.budgetFen;
  const lines = [...ranking]
    .sort((a, b) => a.rank - b.rank)
    .map((entry): PlanLine => {
      if (!isWholeFen(entry.requestedFen)) {
        throw new ScoringError("invalid-entry", `request of ${entry.entryId} must be whole fen`, { entryId: entry.entryId });
      }
      let decision: PlanDecision = "below-pass-mark";
      let award = 0;
      if (entry.finalScore >= rules.passMark - SCORE_EPSILON) {
        const offer = Math.min(entry.requestedFen, rules.capFen);
        if (offer <= leftFen) {
          decision = "funded";
          award = offer;
          leftFen -= offer;
        } else {
          decision = "over-budget";
        }
      }
      return {
        entryId: entry.entryId,
        rank: entry.rank,
        finalScore: entry.finalScore,
        requestedFen: entry.requestedFen,
        decision,
        plannedAwardFen: award,
        awardFen: award,
        adjusted: false,
      };
    });
  return { ...fundingRulesOf(rules), lines, committedFen: rules.budgetFen - leftFen, leftoverFen: leftFen };
}

/** A regulator's change to one award; the caller logs the reason with it. */
export interface PlanAdjustment {
  entryId: string;
  awardFen: number;
}

export type PlanViolation =
  | { code: "not-ranked"; entryId: string }
  | { code: "duplicate-adjustment"; entryId: string }
  | { code: "award-not-whole-fen"; entryId: string }
  | { code: "above-request"; entryId: string; awardFen: number; requestedFen: number }
  | { code: "above-cap"; entryId: string; awardFen: number; capFen: number }
  | { code: "below-pass-mark"; entryId: string; finalScore: number; passMark: number }
  | { code: "over-budget"; committedFen: number; budgetFen: number };

export type PlanAdjustmentResult = { ok: true; plan: FundingPlan } | { ok: false; violations: PlanViolation[] };

/**
 * Applies a regulator's adjustments if they stay within the rules: only ranked (complete) entries,
 * whole fen, award ≤ request, award ≤ cap, nothing for an entry below the pass mark, and the
 * total ≤ budget. Returns the new plan, or every violation found (nothing is applied then).
 */
export function adjustPlan(plan: FundingPlan, adjustments: readonly PlanAdjustment[]): PlanAdjustmentResult {
  const violations: PlanViolation[] = [];
  const byEntry = new Map(plan.lines.map((line) => [line.entryId, line]));
  const newAwards = new Map<string, number>();
  for (const { entryId, awardFen } of adjustments) {
    const line = byEntry.get(entryId);
    if (!line) {
      violations.push({ code: "not-ranked", entryId });
      continue;
    }
    if (newAwards.has(entryId)) {
      violations.push({ code: "duplicate-adjustment", entryId });
      continue;
    }
    newAwards.set(entryId, awardFen);
    if (!isWholeFen(awardFen)) {
      violations.push({ code: "award-not-whole-fen", entryId });
      continue;
    }
    if (awardFen > line.requestedFen) violations.push({ code: "above-request", entryId, awardFen, requestedFen: line.requestedFen });
    if (awardFen > plan.capFen) violations.push({ code: "above-cap", entryId, awardFen, capFen: plan.capFen });
    if (awardFen > 0 && line.finalScore < plan.passMark - SCORE_EPSILON) {
      violations.push({ code: "below-pass-mark", entryId, finalScore: line.finalScore, passMark: plan.passMark });
    }
  }
  const lines = plan.lines.map((line) => {
    const awardFen = newAwards.get(line.entryId) ?? line.awardFen;
    return { ...line, awardFen, adjusted: awardFen !== line.plannedAwardFen };
  });
  const committedFen = lines.reduce((total, line) => total + (isWholeFen(line.awardFen) ? line.awardFen : 0), 0);
  if (committedFen > plan.budgetFen) violations.push({ code: "over-budget", committedFen, budgetFen: plan.budgetFen });
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, plan: { ...fundingRulesOf(plan), lines, committedFen, leftoverFen: plan.budgetFen - committedFen } };
}

function fundingRulesOf(rules: FundingRules): FundingRules {
  return { budgetFen: rules.budgetFen, capFen: rules.capFen, passMark: rules.passMark };
}

// ---------------------------------------------------------------------------------------------
// Public results: what GET /api/v1/competitions/:id/results publishes, and its re-computation
// ---------------------------------------------------------------------------------------------

/** The judging rules the public needs to recompute the ranking. */
export type PublicScoringRules = Pick<JudgingRules, "minScores" | "trimmedMean" | "normalize">;

export interface PublicResultEntry {
  entryId: string;
  number: string;
  title: string;
  organization: { name: string; uscc: string };
  category: string;
  /** Integer fen. */
  requested: number;
  /** Integer fen (0 when not funded). */
  awarded: number;
  /** Full precision, so it can be checked; `null` when incomplete or left out of the scoring. */
  finalScore: number | null;
  rank: number | null;
  status: string;
  /** ISO 8601 entry submission time: the last tie-break of the ranking. */
  submittedAt: string;
  /** Each judge's raw total under an anonymous label that is the same across all entries. */
  judgeTotals: { judge: string; total: number }[];
}

export interface PublicResults {
  rules: PublicScoringRules;
  entries: PublicResultEntry[];
}

/** What the API shows besides the scores; the caller supplies it per entry. */
export interface PublicEntryDetails {
  /** The visible entry number (YC2026-017). */
  number: string;
  title: string;
  organization: { name: string; uscc: string };
  category: string;
  status: string;
}

/**
 * Anonymous labels 评委A, 评委B, … 评委Z, 评委AA, … in the order given. Order the judges in a way
 * unrelated to the published panel list (e.g. a per-competition shuffle), or the labels name them.
 */
export function anonymousJudgeLabels(judgeIds: readonly string[]): Map<string, string> {
  return new Map(judgeIds.map((id, index) => [id, `评委${columnLetters(index)}`]));
}

function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Builds the public results document: ranked entries in rank order, then the incomplete ones,
 * with raw judge totals (the re-computation applies normalization itself) and full-precision
 * scores. Every entry that was scored must be listed, or normalization could not be recomputed;
 * an entry left out of the scoring (e.g. disqualified) is published by the caller with empty
 * `judgeTotals`, which makes it incomplete in the re-computation too.
 */
export function buildPublicResults(input: {
  rules: JudgingRules;
  outcome: ScoringOutcome;
  plan: FundingPlan | null;
  details: ReadonlyMap<string, PublicEntryDetails>;
  judgeLabels: ReadonlyMap<string, string>;
}): PublicResults {
  const awards = new Map((input.plan?.lines ?? []).map((line) => [line.entryId, line.awardFen]));
  const entries = [...input.outcome.ranking, ...input.outcome.incomplete].map((entry): PublicResultEntry => {
    const details = input.details.get(entry.entryId);
    if (!details) throw new ScoringError("unknown-entry", `no public details for ${entry.entryId}`, { entryId: entry.entryId });
    return {
      entryId: entry.entryId,
      number: details.number,
      title: details.title,
      organization: { name: details.organization.name, uscc: details.organization.uscc },
      category: details.category,
      requested: entry.requestedFen,
      awarded: awards.get(entry.entryId) ?? 0,
      finalScore: entry.finalScore,
      rank: entry.rank,
      status: details.status,
      submittedAt: new Date(entry.submittedAtMs).toISOString(),
      judgeTotals: entry.judgeTotals
        .map((t) => {
          const judge = input.judgeLabels.get(t.judgeId);
          if (!judge) throw new ScoringError("invalid-total", `no label for judge ${t.judgeId}`, { judgeId: t.judgeId });
          return { judge, total: t.total };
        })
        .sort((a, b) => compareText(a.judge, b.judge)),
    };
  });
  const { minScores, trimmedMean, normalize } = input.rules;
  return { rules: { minScores, trimmedMean, normalize }, entries };
}

export interface RecomputedResult {
  entryId: string;
  finalScore: number | null;
  rank: number | null;
}

/**
 * Recomputes every entry's final score and rank from the public results alone (the judge labels
 * stand in for the judges). Returns them in the document's order. Done with this module the
 * numbers are identical; another implementation should agree to about 1e-9.
 */
export function recomputeFromResults(results: PublicResults): RecomputedResult[] {
  const outcome = scoreFromTotals({
    rules: results.rules,
    entries: results.entries.map((e) => ({ entryId: e.entryId, requestedFen: e.requested, submittedAt: e.submittedAt })),
    totals: results.entries.flatMap((e) => e.judgeTotals.map((t) => ({ entryId: e.entryId, judgeId: t.judge, total: t.total }))),
  });
  const byId = new Map<string, EntryScore>();
  for (const entry of [...outcome.ranking, ...outcome.incomplete]) byId.set(entry.entryId, entry);
  return results.entries.map((e) => {
    const score = byId.get(e.entryId)!;
    return { entryId: e.entryId, finalScore: score.finalScore, rank: score.rank };
  });
}

export interface ResultMismatch {
  entryId: string;
  field: "finalScore" | "rank";
  published: number | null;
  recomputed: number | null;
}

/** Where the published scores or ranks differ from the re-computation (empty when they agree). */
export function resultMismatches(results: PublicResults, tolerance = SCORE_EPSILON): ResultMismatch[] {
  const mismatches: ResultMismatch[] = [];
  const recomputed = recomputeFromResults(results);
  results.entries.forEach((published, index) => {
    const again = recomputed[index]!;
    const scoresAgree =
      published.finalScore === null || again.finalScore === null
        ? published.finalScore === again.finalScore
        : Math.abs(published.finalScore - again.finalScore) <= tolerance;
    if (!scoresAgree) mismatches.push({ entryId: published.entryId, field: "finalScore", published: published.finalScore, recomputed: again.finalScore });
    if (published.rank !== again.rank) mismatches.push({ entryId: published.entryId, field: "rank", published: published.rank, recomputed: again.rank });
  });
  return mismatches;
}
