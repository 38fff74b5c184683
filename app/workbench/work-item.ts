/** A to-do on a workbench (client-safe: the pages render these). */
export const GATES = ["entry", "daily", "exit", "competition"] as const;
export type Gate = (typeof GATES)[number];

export const WORK_KINDS = [
  "registrationDraft",
  "correctionRequested",
  "foundingMeeting",
  "annualReportDue",
  "rectification",
  "spotCheckRectification",
  "liquidationReport",
  "entryDraft",
  "competitionOpen",
  "agreementToSign",
  "midtermReportDue",
  "finalReportDue",
  "reviewRegistration",
  "reviewAnnualReport",
  "handleDeregistration",
  "handleRevocation",
  "screenEntry",
  "reviewMidtermReport",
  "reviewFinalReport",
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface WorkItem {
  key: string;
  what: WorkKind;
  title: string;
  /** Where it is done (null: done outside the platform, e.g. a rectification on site). */
  href: string | null;
  dueAt: string | null;
  overdue: boolean;
  gate: Gate;
  /** The case's state and the dictionary area naming it, when the item is a case. */
  state: string | null;
  labelPrefix: string | null;
}
