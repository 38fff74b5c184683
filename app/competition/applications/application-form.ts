/**
 * An entry's application (申报书), shared by the form and the server. Drafts save incomplete;
 * submission checks everything and names what is missing (`applicationProblems`).
 * Budget lines are numbered fields (budgetItem0, budgetCategory0, budgetAmount0, …) so the
 * one form parser reads them like any other field.
 */
import { z } from "zod";
import { parseYuanToFen } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { BUDGET_LINE_CATEGORIES, type BudgetLineCategory } from "~/domain/competition";

export const MAX_BUDGET_LINES = 8;
const LINE_INDEXES = Array.from({ length: MAX_BUDGET_LINES }, (_, i) => i);

const text = (max: number) => z.string().trim().max(max, "competition.error.tooLong");
const money = z
  .string()
  .trim()
  .refine((v) => v === "" || parseYuanToFen(v) !== null, "competition.error.amount");

const lineFields = Object.fromEntries(
  LINE_INDEXES.flatMap((i) => [
    [`budgetItem${i}`, text(100)],
    [`budgetCategory${i}`, z.union([z.literal(""), z.enum(BUDGET_LINE_CATEGORIES, "competition.error.budgetCategory")])],
    [`budgetAmount${i}`, money],
  ]),
) as Record<string, z.ZodType<string>>;

export const draftEntrySchema = z.object({
  title: z.string().trim().min(2, "competition.error.title").max(100, "competition.error.title"),
  category: text(40),
  targetGroup: text(200),
  expectedBeneficiaries: z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d{1,7}$/.test(v) && Number(v) > 0), "competition.error.beneficiaries"),
  community: text(200),
  needAnalysis: text(3000),
  objectives: text(2000),
  activities: text(3000),
  team: text(1000),
  requested: money,
  ...lineFields,
});

export type EntryApplication = Record<string, string>;

export const APPLICATION_TEXT_FIELDS = ["title", "targetGroup", "expectedBeneficiaries", "community", "needAnalysis", "objectives", "activities", "team", "requested"] as const;
export const ENTRY_FORM_FIELDS = Object.keys(draftEntrySchema.shape);

export const EMPTY_ENTRY: EntryApplication = Object.fromEntries(ENTRY_FORM_FIELDS.map((f) => [f, ""]));

export interface BudgetLine {
  item: string;
  category: BudgetLineCategory;
  amountFen: number;
}

/** The filled budget lines (a row counts when any of its cells is filled). */
export function budgetLinesOf(application: EntryApplication): { lines: BudgetLine[]; incompleteRows: number[] } {
  const lines: BudgetLine[] = [];
  const incompleteRows: number[] = [];
  for (const i of LINE_INDEXES) {
    const item = (application[`budgetItem${i}`] ?? "").trim();
    const category = application[`budgetCategory${i}`] ?? "";
    const amount = application[`budgetAmount${i}`] ?? "";
    if (!item && !category && !amount.trim()) continue;
    const amountFen = parseYuanToFen(amount);
    if (!item || !category || amountFen === null || amountFen <= 0) incompleteRows.push(i);
    else lines.push({ item, category: category as BudgetLineCategory, amountFen });
  }
  return { lines, incompleteRows };
}

export function requestedFenOf(application: EntryApplication): number | null {
  return parseYuanToFen(application.requested ?? "");
}

export type ApplicationProblems = Partial<Record<string, MessageKey>>;

/**
 * What submission needs: every text field, a category of the competition, at least one complete
 * budget line, lines adding up to the request, the request within the cap, and the proposal and
 * budget sheet attached. Empty when the application may be submitted.
 */
export function applicationProblems(
  application: EntryApplication,
  rules: { categories: readonly string[]; perProjectCapFen: number },
  attached: { proposal: boolean; budget: boolean },
): ApplicationProblems {
  const problems: ApplicationProblems = {};
  for (const field of APPLICATION_TEXT_FIELDS) if (!(application[field] ?? "").trim()) problems[field] = "competition.error.required";
  if (!rules.categories.includes(application.category ?? "")) problems.category = "competition.error.category";
  const { lines, incompleteRows } = budgetLinesOf(application);
  if (incompleteRows.length > 0) problems[`budgetItem${incompleteRows[0]}`] = "competition.error.budgetLineIncomplete";
  if (lines.length === 0) problems.budgetLines = "competition.error.budgetLinesMissing";
  const requested = requestedFenOf(application);
  if (requested !== null && requested > 0) {
    if (lines.length > 0 && lines.reduce((sum, l) => sum + l.amountFen, 0) !== requested) problems.budgetLines = "competition.error.budgetTotalMismatch";
    if (requested > rules.perProjectCapFen) problems.requested = "competition.error.overCap";
  } else if (!problems.requested) {
    problems.requested = "competition.error.amount";
  }
  if (!attached.proposal) problems.proposal = "competition.error.proposalMissing";
  if (!attached.budget) problems.budget = "competition.error.budgetSheetMissing";
  return problems;
}
