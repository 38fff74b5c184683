/**
 * The competition's vocabulary, shared by models, machines, services and pages (client-safe, no I/O).
 */

export const COMPETITION_KIND = "competition";
export const ENTRY_KIND = "competitionEntry";

/** In-process read models (ADR 007, 009): competitions' settings and states; judges' assignments and sheet statuses. */
export const COMPETITIONS_READ_MODEL = "competitions";
export const JUDGING_READ_MODEL = "judging";

/** Default categories of a new competition (editable per competition). */
export const DEFAULT_CATEGORIES = ["elderly", "children", "disabled", "leftBehindWomen", "extremelyPoor", "other"] as const;

export const BUDGET_LINE_CATEGORIES = ["personnel", "activities", "materials", "venue", "publicity", "management", "other"] as const;
export type BudgetLineCategory = (typeof BUDGET_LINE_CATEGORIES)[number];

/** When a tranche of an award is paid: at signing, after the midterm review, after the final review. */
export const TRANCHE_TRIGGERS = ["signing", "midtermPass", "finalPass"] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

export const SCORE_SHEET_STATUSES = ["draft", "submitted"] as const;
export const ASSIGNMENT_STATUSES = ["active", "conflicted", "removed"] as const;
export const OBJECTION_STATUSES = ["pending", "upheld", "dismissed"] as const;

/** Entry states in which the organization's project is funded and running (dashboards). */
export const FUNDED_STATES = ["awarded", "contracted", "inProgress", "midtermReported", "midtermPassed", "midtermFailed", "finalReported", "finalPassed", "finalFailed", "completed", "terminated"] as const;
/** Entry states counted as "active projects" (the competition cannot be archived while any is). */
export const ACTIVE_PROJECT_STATES = ["awarded", "contracted", "inProgress", "midtermReported", "midtermPassed", "midtermFailed", "finalReported", "finalPassed", "finalFailed"] as const;

/** A category label: the default ones have dictionary keys, custom ones are shown as typed. */
export function isDefaultCategory(category: string): category is (typeof DEFAULT_CATEGORIES)[number] {
  return (DEFAULT_CATEGORIES as readonly string[]).includes(category);
}

/**
 * What tranche `index` of an award pays, in fen: its percentage rounded down, the last tranche
 * taking the rounding remainder, so the tranches add up to the award exactly.
 */
export function trancheAmountFen(awardFen: number, percents: readonly number[], index: number): number {
  const share = (i: number) => Math.floor((awardFen * percents[i]!) / 100);
  if (index === percents.length - 1) return awardFen - percents.slice(0, index).reduce((sum, _, i) => sum + share(i), 0);
  return share(index);
}
