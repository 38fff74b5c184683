/**
 * The annual report's form (client-safe): what a draft may hold and what submission needs.
 * Money is typed in 元 and stored in fen.
 */
import { z } from "zod";
import { parseYuanToFen } from "~/i18n/format";

const money = z
  .string()
  .trim()
  .refine((v) => v === "" || parseYuanToFen(v) !== null, "dailyGate.error.money");

export const reportDraftSchema = z.object({
  activities: z.string().trim().max(5000, "dailyGate.error.tooLong"),
  partyBuilding: z.string().trim().max(2000, "dailyGate.error.tooLong"),
  staffCount: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{1,6}$/.test(v), "dailyGate.error.count"),
  income: money,
  spending: money,
  publicWelfareSpending: money,
  netAssets: money,
  previousYearIncome: money,
  previousYearNetAssets: money,
});
export type ReportDraft = z.infer<typeof reportDraftSchema>;
export const REPORT_FIELDS = Object.keys(reportDraftSchema.shape) as (keyof ReportDraft)[];
export const MONEY_FIELDS = ["income", "spending", "publicWelfareSpending", "netAssets", "previousYearIncome", "previousYearNetAssets"] as const;

const filled = z.string().trim().min(1, "dailyGate.error.required");
/**
 * Submission: every field filled. A foundation's public fundraising qualification is a register
 * fact (Organization.publicFundraising), not something the report asks.
 */
export const reportCompleteSchema = reportDraftSchema.extend({
  activities: filled,
  partyBuilding: filled,
  staffCount: filled.regex(/^\d{1,6}$/, "dailyGate.error.count"),
  income: filled.refine((v) => parseYuanToFen(v) !== null, "dailyGate.error.money"),
  spending: filled.refine((v) => parseYuanToFen(v) !== null, "dailyGate.error.money"),
  netAssets: filled.refine((v) => parseYuanToFen(v) !== null, "dailyGate.error.money"),
});

export const EMPTY_REPORT: ReportDraft = {
  activities: "",
  partyBuilding: "",
  staffCount: "",
  income: "",
  spending: "",
  publicWelfareSpending: "",
  netAssets: "",
  previousYearIncome: "",
  previousYearNetAssets: "",
};

/** Who sends which event on an annual report. */
export const ORG_EVENTS = ["SUBMIT", "RESUBMIT", "ANSWER_RECTIFICATION"] as const;
export const REGULATOR_EVENTS = ["RECORD_SPONSOR_OPINION", "RETURN_FOR_CORRECTION", "CONCLUDE", "OPEN_RECTIFICATION", "ACCEPT_RECTIFICATION", "ESCALATE"] as const;

/** The conclusions of an annual inspection (合格 / 基本合格 / 不合格). */
export const REPORT_RESULTS = ["qualified", "basicallyQualified", "unqualified"] as const;

const text = z.string().trim().min(1, "dailyGate.error.required").max(2000, "dailyGate.error.tooLong");
export const INTENT_FIELDS = {
  RECORD_SPONSOR_OPINION: z.object({ opinion: text }),
  RETURN_FOR_CORRECTION: z.object({ items: text }),
  CONCLUDE: z.object({ result: z.enum(REPORT_RESULTS, "dailyGate.error.result"), note: z.string().trim().max(2000).default("") }),
  OPEN_RECTIFICATION: z.object({ items: text, deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dailyGate.error.date") }),
  ANSWER_RECTIFICATION: z.object({ answer: text }),
  ESCALATE: z.object({ reason: text }),
} as const;
export const INTENT_FIELD_NAMES: Record<string, string[]> = Object.fromEntries(
  Object.entries(INTENT_FIELDS).map(([intent, schema]) => [intent, Object.keys(schema.shape)]),
);

export const REPORT_STATES = [
  "draft",
  "overdue",
  "submitted",
  "sponsorReviewed",
  "returned",
  "resubmitted",
  "qualified",
  "basicallyQualified",
  "unqualified",
  "rectification",
  "rectificationAnswered",
  "closed",
  "escalated",
  "exited",
] as const;
/** Filed: anything past draft and overdue (an `exited` report was never owed). Reviewed: a result was given. */
export const UNFILED_STATES = ["draft", "overdue"] as const;
export const NOT_OWED_STATES = ["exited"] as const;
