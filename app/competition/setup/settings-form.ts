/**
 * The draft settings form's shape, shared by the page and the server: numbered rows for the
 * rubric's criteria and the tranche plan (criterionName0, tranchePercent0, …, as the entry
 * form's budget lines), a checkbox per default category plus custom ones one per line.
 * Every value travels as the string the person typed, so a refused form comes back unchanged.
 */
import type { DEFAULT_CATEGORIES } from "~/domain/competition";

export const MAX_CRITERIA = 10;
export const MAX_TRANCHES = 5;
export const CRITERION_INDEXES = Array.from({ length: MAX_CRITERIA }, (_, i) => i);
export const TRANCHE_INDEXES = Array.from({ length: MAX_TRANCHES }, (_, i) => i);

export const CRITERION_CELLS = ["Id", "Name", "Description", "Weight", "Max"] as const;
export type CriterionCell = (typeof CRITERION_CELLS)[number];
export const criterionField = (cell: CriterionCell, index: number) => `criterion${cell}${index}`;

export const TRANCHE_CELLS = ["Percent", "Trigger"] as const;
export type TrancheCell = (typeof TRANCHE_CELLS)[number];
export const trancheField = (cell: TrancheCell, index: number) => `tranche${cell}${index}`;

export const categoryField = (category: (typeof DEFAULT_CATEGORIES)[number]) => `category_${category}`;

export const JUDGING_NUMBERS = ["judgesPerEntry", "minScores", "passMark"] as const;
export const JUDGING_SWITCHES = ["trimmedMean", "normalize", "showOthersAfterSubmit"] as const;

export type SettingsValues = Record<string, string>;

/** How many rows of a numbered group hold something (the page shows that many, at least one). */
export function filledRows(values: SettingsValues, field: (index: number) => string, max: number): number {
  let last = -1;
  for (let i = 0; i < max; i++) if ((values[field(i)] ?? "").trim() !== "") last = i;
  return last + 1;
}
