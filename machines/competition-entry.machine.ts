/**
 * One organization's entry in a competition, from draft to completed or terminated:
 *
 *   draft → submitted → (automatic screening) eligible | ineligible → returned (correction, while
 *   the window is open) → underReview → scored → selected | notSelected → disqualified (upheld
 *   objection) → awarded → contracted (agreement uploaded) → inProgress (tranches) →
 *   midtermReported (the organization's mid-term report) → midtermPassed | midtermFailed →
 *   finalReported (its final report) → finalPassed | finalFailed → completed | terminated (clawback).
 *
 * Facts from the database travel in the payload (is the form complete, is the window open, did
 * screening pass, is an agreement uploaded); the machine stays pure. Tranches are due by trigger
 * (signing, mid-term pass, final pass) and each is paid at most once (the Disbursement model's
 * unique (entryId, trancheIndex) index is the real guarantee; the guard refuses early).
 */
import { assign, setup, type StateValueFrom } from "xstate";
import type { TrancheTrigger } from "~/domain/competition";

/**
 * 2: the organization's mid-term and final reports (states midtermReported and finalReported,
 * context midtermReport / finalReport); reviews need a submitted report. Version-1 snapshots are
 * upgraded on load by `upgradeEntrySnapshotFromV1`.
 */
export const COMPETITION_ENTRY_MACHINE_VERSION = 2;

/** One budget line of the entry's application and what was spent on it, in fen. */
export interface ReportSpendingLine {
  item: string;
  category: string;
  budgetFen: number;
  spentFen: number;
}

/** A submitted mid-term or final report, as the organization sent it (the drafts live in the case's data). */
export interface ProjectReport {
  at: string;
  narrative: string;
  beneficiaries: number;
  spending: ReportSpendingLine[];
  /** The report's attachments (ids), checked by the service to be stored and not deleted. */
  attachmentIds: string[];
}

export type ReportPayload = Omit<ProjectReport, "at">;

export interface EntryContext {
  competitionId: string;
  /** The competition's tranche plan, fixed when the competition opened. */
  trancheTriggers: TrancheTrigger[];
  submittedAt: string | null;
  screening: { at: string; eligible: boolean; reasons: string[] } | null;
  corrections: { at: string; items: string }[];
  scoredAt: string | null;
  decision: { at: string; selected: boolean; awardFen: number } | null;
  disqualification: { at: string; reason: string } | null;
  awardedAt: string | null;
  contractedAt: string | null;
  paidTranches: number[];
  midtermReport: ProjectReport | null;
  midterm: { at: string; passed: boolean; comment: string } | null;
  finalReport: ProjectReport | null;
  final: { at: string; passed: boolean; comment: string } | null;
  termination: { at: string; reason: string; clawbackFen: number } | null;
  completedAt: string | null;
  withdrawnAt: string | null;
}

export type EntryEvent =
  | { type: "SUBMIT"; at: string; complete: boolean; windowOpen: boolean }
  | { type: "RESUBMIT"; at: string; complete: boolean; windowOpen: boolean }
  | { type: "WITHDRAW"; at: string }
  | { type: "SCREEN"; at: string; eligible: boolean; reasons: string[] }
  | { type: "RETURN_FOR_CORRECTION"; at: string; items: string; windowOpen: boolean }
  | { type: "DECLARE_INELIGIBLE"; at: string; reason: string }
  | { type: "START_REVIEW"; at: string }
  | { type: "RECORD_SCORES"; at: string }
  | { type: "DECIDE"; at: string; selected: boolean; awardFen: number }
  | { type: "DISQUALIFY"; at: string; reason: string }
  | { type: "AWARD"; at: string }
  | { type: "SIGN_AGREEMENT"; at: string; agreementUploaded: boolean }
  | { type: "RECORD_TRANCHE"; at: string; trancheIndex: number; voucherNumber: string; paidOn: string; amountFen: number }
  | { type: "SUBMIT_MIDTERM_REPORT"; at: string; report: ReportPayload }
  | { type: "SUBMIT_FINAL_REPORT"; at: string; report: ReportPayload }
  | { type: "MIDTERM_REVIEW"; at: string; passed: boolean; comment: string }
  | { type: "FINAL_REVIEW"; at: string; passed: boolean; comment: string }
  | { type: "COMPLETE"; at: string }
  | { type: "TERMINATE"; at: string; reason: string; clawbackFen: number };

export type EntryEventType = EntryEvent["type"];

export interface EntryInput {
  competitionId: string;
  trancheTriggers: TrancheTrigger[];
}

const hasText = (value: unknown) => typeof value === "string" && value.trim().length > 0;

/** Which tranches are due in a context: a tranche is due once its trigger happened. */
export function dueTranches(context: Pick<EntryContext, "trancheTriggers" | "contractedAt" | "midterm" | "final" | "termination">): number[] {
  if (context.termination) return [];
  return context.trancheTriggers.flatMap((trigger, index) => {
    const happened =
      trigger === "signing" ? context.contractedAt !== null : trigger === "midtermPass" ? context.midterm?.passed === true : context.final?.passed === true;
    return happened ? [index] : [];
  });
}

const wholeFen = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** A report may be submitted when it says what happened, to how many, what was spent per line, with a file. */
export function reportIsComplete(report: ReportPayload | undefined): boolean {
  return (
    !!report &&
    hasText(report.narrative) &&
    wholeFen(report.beneficiaries) &&
    Array.isArray(report.spending) &&
    report.spending.length > 0 &&
    report.spending.every((line) => hasText(line.item) && wholeFen(line.budgetFen) && wholeFen(line.spentFen)) &&
    Array.isArray(report.attachmentIds) &&
    report.attachmentIds.length > 0
  );
}

/** Version 1 had no reports: its snapshots get empty report slots (no v1 state changed meaning). */
export function upgradeEntrySnapshotFromV1(snapshot: Record<string, unknown>): Record<string, unknown> {
  const context = (snapshot.context ?? {}) as Record<string, unknown>;
  return { ...snapshot, context: { ...context, midtermReport: context.midtermReport ?? null, finalReport: context.finalReport ?? null } };
}

const reportOf = (event: EntryEvent) => (event.type === "SUBMIT_MIDTERM_REPORT" || event.type === "SUBMIT_FINAL_REPORT" ? event.report : undefined);

/** A tranche paid: recorded (its Disbursement row, from the step's voucher), and its 拨付通知 issued. */
const paid = ["recordTranche", "recordDisbursement", "issueDisbursementNotice"] as const;

const reviewText = (event: EntryEvent) => (event.type === "MIDTERM_REVIEW" || event.type === "FINAL_REVIEW" ? event : null);

// Transitions several states share, written once (each state lists which it takes).
const withdraw = { WITHDRAW: { target: "withdrawn", actions: "markWithdrawn" } } as const;
/** The funding plan's decision; a recomputed plan (after a disqualification) may decide again. */
const decide = {
  DECIDE: [
    { guard: "decidedSelected", target: "selected", actions: "recordDecision" },
    { guard: "decidedNotSelected", target: "notSelected", actions: "recordDecision" },
  ],
} as const;
const disqualify = { DISQUALIFY: { guard: "hasReason", target: "disqualified", actions: "recordDisqualification" } } as const;
/** A due tranche paid while the project runs: the state stays. */
const payTranche = { RECORD_TRANCHE: { guard: "trancheDueAndUnpaid", actions: paid } } as const;
const terminate = { TERMINATE: { guard: "terminationRecorded", target: "terminated", actions: "recordTermination" } } as const;

export const competitionEntryMachine = setup({
  types: {
    context: {} as EntryContext,
    events: {} as EntryEvent,
    input: {} as EntryInput,
  },
  guards: {
    completeWhileOpen: ({ event }) => (event.type === "SUBMIT" || event.type === "RESUBMIT") && event.complete && event.windowOpen,
    screenedEligible: ({ event }) => event.type === "SCREEN" && event.eligible,
    correctionWhileOpen: ({ event }) => event.type === "RETURN_FOR_CORRECTION" && event.windowOpen && hasText(event.items),
    hasReason: ({ event }) => (event.type === "DECLARE_INELIGIBLE" || event.type === "DISQUALIFY") && hasText(event.reason),
    decidedSelected: ({ event }) => event.type === "DECIDE" && event.selected && Number.isInteger(event.awardFen) && event.awardFen > 0,
    decidedNotSelected: ({ event }) => event.type === "DECIDE" && !event.selected,
    agreementUploaded: ({ event }) => event.type === "SIGN_AGREEMENT" && event.agreementUploaded,
    /** The tranche is due, not paid yet, and the payment is recorded with its voucher and amount. */
    trancheDueAndUnpaid: ({ context, event }) =>
      event.type === "RECORD_TRANCHE" &&
      dueTranches(context).includes(event.trancheIndex) &&
      !context.paidTranches.includes(event.trancheIndex) &&
      hasText(event.voucherNumber) &&
      Number.isSafeInteger(event.amountFen) &&
      event.amountFen > 0,
    reviewPassed: ({ event }) => reviewText(event)?.passed === true,
    reviewFailedWithComment: ({ event }) => reviewText(event)?.passed === false && hasText(reviewText(event)?.comment),
    projectReportComplete: ({ event }) => reportIsComplete(reportOf(event)),
    allTranchesPaid: ({ context }) => context.trancheTriggers.every((_, index) => context.paidTranches.includes(index)),
    terminationRecorded: ({ event }) => event.type === "TERMINATE" && hasText(event.reason) && Number.isInteger(event.clawbackFen) && event.clawbackFen >= 0,
  },
  actions: {
    markSubmitted: assign(({ event }) => ({ submittedAt: event.at })),
    recordScreening: assign(({ event }) => (event.type === "SCREEN" ? { screening: { at: event.at, eligible: event.eligible, reasons: event.reasons } } : {})),
    recordIneligible: assign(({ event }) =>
      event.type === "DECLARE_INELIGIBLE" ? { screening: { at: event.at, eligible: false, reasons: [event.reason] } } : {},
    ),
    recordCorrection: assign(({ context, event }) => ({
      corrections: [...context.corrections, { at: event.at, items: event.type === "RETURN_FOR_CORRECTION" ? event.items : "" }],
    })),
    markScored: assign(({ event }) => ({ scoredAt: event.at })),
    recordDecision: assign(({ event }) =>
      event.type === "DECIDE" ? { decision: { at: event.at, selected: event.selected, awardFen: event.selected ? event.awardFen : 0 } } : {},
    ),
    recordDisqualification: assign(({ event }) => (event.type === "DISQUALIFY" ? { disqualification: { at: event.at, reason: event.reason } } : {})),
    markAwarded: assign(({ event }) => ({ awardedAt: event.at })),
    markContracted: assign(({ event }) => ({ contractedAt: event.at })),
    recordTranche: assign(({ context, event }) =>
      event.type === "RECORD_TRANCHE" ? { paidTranches: [...context.paidTranches, event.trancheIndex].sort((a, b) => a - b) } : {},
    ),
    /** Side effect (run by the engine after commit): the payment's record (Disbursement), from the event. */
    recordDisbursement: () => {},
    recordMidtermReport: assign(({ event }) => (event.type === "SUBMIT_MIDTERM_REPORT" ? { midtermReport: { at: event.at, ...event.report } } : {})),
    recordFinalReport: assign(({ event }) => (event.type === "SUBMIT_FINAL_REPORT" ? { finalReport: { at: event.at, ...event.report } } : {})),
    recordMidterm: assign(({ event }) => (event.type === "MIDTERM_REVIEW" ? { midterm: { at: event.at, passed: event.passed, comment: event.comment } } : {})),
    recordFinal: assign(({ event }) => (event.type === "FINAL_REVIEW" ? { final: { at: event.at, passed: event.passed, comment: event.comment } } : {})),
    markCompleted: assign(({ event }) => ({ completedAt: event.at })),
    recordTermination: assign(({ event }) =>
      event.type === "TERMINATE" ? { termination: { at: event.at, reason: event.reason, clawbackFen: event.clawbackFen } } : {},
    ),
    markWithdrawn: assign(({ event }) => ({ withdrawnAt: event.at })),
    /** Side effects: the documents issued (资助协议书 to sign, 拨付通知 per tranche). */
    issueFundingAgreement: () => {},
    issueDisbursementNotice: () => {},
  },
}).createMachine({
  id: "competitionEntry",
  initial: "draft",
  context: ({ input }) => ({
    competitionId: input.competitionId,
    trancheTriggers: input.trancheTriggers,
    submittedAt: null,
    screening: null,
    corrections: [],
    scoredAt: null,
    decision: null,
    disqualification: null,
    awardedAt: null,
    contractedAt: null,
    paidTranches: [],
    midtermReport: null,
    midterm: null,
    finalReport: null,
    final: null,
    termination: null,
    completedAt: null,
    withdrawnAt: null,
  }),
  states: {
    /** The organization fills the application; saving works while incomplete. */
    draft: {
      on: {
        SUBMIT: { guard: "completeWhileOpen", target: "submitted", actions: "markSubmitted" },
        ...withdraw,
      },
    },
    /** Waiting for the automatic eligibility screening against the register. */
    submitted: {
      on: {
        SCREEN: [
          { guard: "screenedEligible", target: "eligible", actions: "recordScreening" },
          { target: "ineligible", actions: "recordScreening" },
        ],
        ...withdraw,
      },
    },
    /** Passed the automatic screening; the regulator may still return it or rule it out. */
    eligible: {
      on: {
        RETURN_FOR_CORRECTION: { guard: "correctionWhileOpen", target: "returned", actions: "recordCorrection" },
        DECLARE_INELIGIBLE: { guard: "hasReason", target: "ineligible", actions: "recordIneligible" },
        START_REVIEW: { target: "underReview" },
        ...withdraw,
      },
    },
    /** Failed screening; while the window is open it can go back for correction. */
    ineligible: {
      on: { RETURN_FOR_CORRECTION: { guard: "correctionWhileOpen", target: "returned", actions: "recordCorrection" } },
    },
    returned: {
      on: {
        RESUBMIT: { guard: "completeWhileOpen", target: "submitted", actions: "markSubmitted" },
        ...withdraw,
      },
    },
    /** Judges score it. */
    underReview: { on: { RECORD_SCORES: { target: "scored", actions: "markScored" } } },
    scored: {
      on: {
        ...decide,
      },
    },
    /** Announced as selected; an upheld objection disqualifies it; finalizing awards it. */
    selected: {
      on: {
        ...decide,
        ...disqualify,
        AWARD: { target: "awarded", actions: ["markAwarded", "issueFundingAgreement"] },
      },
    },
    /** Not funded; a recomputed plan (after a disqualification) may select it. */
    notSelected: {
      on: {
        ...decide,
        ...disqualify,
      },
    },
    awarded: {
      on: {
        SIGN_AGREEMENT: { guard: "agreementUploaded", target: "contracted", actions: "markContracted" },
        ...terminate,
      },
    },
    /** Agreement signed: the signing tranche is due. */
    contracted: {
      on: {
        RECORD_TRANCHE: { guard: "trancheDueAndUnpaid", target: "inProgress", actions: paid },
        ...terminate,
      },
    },
    /** The first tranche is paid; the organization writes its mid-term report. */
    inProgress: {
      on: {
        ...payTranche,
        SUBMIT_MIDTERM_REPORT: { guard: "projectReportComplete", target: "midtermReported", actions: "recordMidtermReport" },
        ...terminate,
      },
    },
    /** The mid-term report is in; the regulator reviews it (a failure needs a comment). */
    midtermReported: {
      on: {
        ...payTranche,
        MIDTERM_REVIEW: [
          { guard: "reviewPassed", target: "midtermPassed", actions: "recordMidterm" },
          { guard: "reviewFailedWithComment", target: "midtermFailed", actions: "recordMidterm" },
        ],
        ...terminate,
      },
    },
    /** The mid-term tranche is due; the organization writes its final report. */
    midtermPassed: {
      on: {
        ...payTranche,
        SUBMIT_FINAL_REPORT: { guard: "projectReportComplete", target: "finalReported", actions: "recordFinalReport" },
        ...terminate,
      },
    },
    finalReported: {
      on: {
        ...payTranche,
        FINAL_REVIEW: [
          { guard: "reviewPassed", target: "finalPassed", actions: "recordFinal" },
          { guard: "reviewFailedWithComment", target: "finalFailed", actions: "recordFinal" },
        ],
        ...terminate,
      },
    },
    /** Funds stop; the regulator records the clawback. */
    midtermFailed: { on: terminate },
    finalPassed: {
      on: {
        ...payTranche,
        COMPLETE: { guard: "allTranchesPaid", target: "completed", actions: "markCompleted" },
      },
    },
    finalFailed: { on: terminate },
    disqualified: { type: "final" },
    completed: { type: "final" },
    terminated: { type: "final" },
    withdrawn: { type: "final" },
  },
});

export type EntryState = StateValueFrom<typeof competitionEntryMachine>;

/** The organization may still edit the application (and its files): a draft, or returned for correction. */
export const ENTRY_EDITABLE_STATES = ["draft", "returned"] as const satisfies readonly EntryState[];
/** Not (or no longer) a submitted application: it does not count against the organization's entries. */
export const ENTRY_UNSUBMITTED_STATES = ["draft", "withdrawn", "ineligible", "returned"] as const satisfies readonly EntryState[];
/** Scored and waiting for the competition's awards. */
export const ENTRY_AWAITING_AWARD_STATES = ["scored", "selected", "notSelected"] as const satisfies readonly EntryState[];
/** Entries that take part in the scoring, from review to the project's end (disqualified and never-reviewed entries do not). */
export const ENTRY_SCORED_STATES = [
  "underReview",
  ...ENTRY_AWAITING_AWARD_STATES,
  "awarded",
  "contracted",
  "inProgress",
  "midtermReported",
  "midtermPassed",
  "midtermFailed",
  "finalReported",
  "finalPassed",
  "finalFailed",
  "completed",
  "terminated",
] as const satisfies readonly EntryState[];
/** A funded project between reports: the organization may attach a report's files. */
export const ENTRY_REPORTING_STATES = ["contracted", "inProgress", "midtermPassed", "finalPassed"] as const satisfies readonly EntryState[];
