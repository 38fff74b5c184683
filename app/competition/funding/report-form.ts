/**
 * The organization's mid-term and final reports (中期报告 / 结项报告), shared by the form and the
 * server. Drafts save incomplete; submission names what is missing (`reportProblems`). Spending is
 * one amount per budget line of the entry's application (spent0 … spentN, in yuan, stored in fen).
 */
import { z } from "zod";
import type { ReportPayload } from "@machines/competition-entry.machine";
import { parseYuanToFen } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { MAX_BUDGET_LINES, type BudgetLine } from "../applications/application-form";

export const REPORT_STAGES = ["midterm", "final"] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** The attachment use holding each stage's files. */
export const REPORT_USE = { midterm: "midtermReport", final: "finalReport" } as const;
/** The event that submits each stage's report, and the state it may be submitted in. */
export const REPORT_EVENT = { midterm: "SUBMIT_MIDTERM_REPORT", final: "SUBMIT_FINAL_REPORT" } as const;
export const REPORTABLE_STATE: Record<ReportStage, string> = { midterm: "inProgress", final: "midtermPassed" };

export const spentField = (line: number) => `spent${line}`;

const spentFields = Object.fromEntries(
  Array.from({ length: MAX_BUDGET_LINES }, (_, i) => [
    spentField(i),
    z
      .string()
      .trim()
      .refine((v) => v === "" || parseYuanToFen(v) !== null, "funding.error.amount"),
  ]),
) as Record<string, z.ZodType<string>>;

export const reportDraftSchema = z.object({
  narrative: z.string().trim().max(5000, "funding.error.tooLong"),
  beneficiaries: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{1,7}$/.test(v), "funding.error.beneficiaries"),
  ...spentFields,
});

export type ReportDraft = Record<string, string>;
export const REPORT_FIELDS = Object.keys(reportDraftSchema.shape);
export const EMPTY_REPORT: ReportDraft = Object.fromEntries(REPORT_FIELDS.map((f) => [f, ""]));

/** What submission still needs: the narrative, the beneficiaries, an amount for every budget line, a file. */
export function reportProblems(draft: ReportDraft, lineCount: number, attachments: number): Partial<Record<string, MessageKey>> {
  const problems: Partial<Record<string, MessageKey>> = {};
  if (!(draft.narrative ?? "").trim()) problems.narrative = "funding.error.required";
  if (!(draft.beneficiaries ?? "").trim()) problems.beneficiaries = "funding.error.required";
  for (let i = 0; i < lineCount; i++) if (parseYuanToFen(draft[spentField(i)] ?? "") === null) problems[spentField(i)] = "funding.error.amount";
  if (attachments === 0) problems.files = "funding.error.reportFileMissing";
  return problems;
}

/** The report as the machine records it (call after `reportProblems` found nothing). */
export function reportPayload(draft: ReportDraft, lines: BudgetLine[], attachmentIds: string[]): ReportPayload {
  return {
    narrative: (draft.narrative ?? "").trim(),
    beneficiaries: Number(draft.beneficiaries),
    spending: lines.map((line, i) => ({ item: line.item, category: line.category, budgetFen: line.amountFen, spentFen: parseYuanToFen(draft[spentField(i)] ?? "") ?? 0 })),
    attachmentIds,
  };
}
