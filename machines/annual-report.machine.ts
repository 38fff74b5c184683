/**
 * The daily gate (日常关): one organization's annual report (年检/年报) for one year.
 *
 * The organization fills and submits it; the sponsoring unit's opinion is recorded; the
 * registry returns it for correction (补正) or concludes 合格 / 基本合格 / 不合格. The last two may
 * open a rectification (整改: items and a deadline); the organization answers with evidence and
 * the registry accepts it (closed) or escalates (the organization goes on the abnormal list).
 * Not filed by the registry deadline → `DEADLINE_PASSED` from the sweeper moves it to overdue
 * and lists the organization (side effect `listLateReport`). A late filing is still accepted.
 * An organization that is revoked or deregistered owes no report: `ORGANIZATION_EXITED` (sent by
 * the exit's effect) closes an unfiled report as `exited`, so it is never listed as overdue.
 * A foundation's public-welfare spending check (基金会管理条例第二十九条) is computed by the server
 * and kept with the conclusion.
 * Every event carries `at` (set by the engine), so the machine is pure and replayable.
 */
import { assign, setup, type StateValueFrom } from "xstate";

/** v2: the conclusion keeps the foundation's spending check (`spending`), and an exit closes an unfiled report (`exit`). */
export const ANNUAL_REPORT_MACHINE_VERSION = 2;

/** The spending check as concluded (see app/domain/annual-report.ts). */
export interface ConcludedSpending {
  rule: string;
  minPercent: number;
  ratioBasisPoints: number | null;
  meets: boolean;
}

/** v1 → v2: no spending was kept and no exit recorded. */
export function upgradeAnnualReportSnapshotFromV1(persisted: Record<string, unknown>): Record<string, unknown> {
  const context = (persisted.context ?? {}) as Record<string, unknown>;
  return { ...persisted, context: { ...context, spending: context.spending ?? null, exit: context.exit ?? null } };
}

export const ANNUAL_REPORT_RESULTS = ["qualified", "basicallyQualified", "unqualified"] as const;
export type AnnualReportResult = (typeof ANNUAL_REPORT_RESULTS)[number];

export interface Rectification {
  openedAt: string;
  items: string;
  deadline: string;
  answer: string | null;
  answeredAt: string | null;
  evidenceCount: number;
  overdue: boolean;
  outcome: "accepted" | "escalated" | null;
  closedAt: string | null;
  reason: string;
}

export interface AnnualReportContext {
  year: number;
  sponsorDeadline: string;
  registryDeadline: string;
  submittedAt: string | null;
  /** Filed after the registry deadline (it went overdue first). */
  late: boolean;
  overdueAt: string | null;
  sponsorOpinion: { at: string; opinion: string } | null;
  corrections: { at: string; items: string }[];
  result: AnnualReportResult | null;
  concludedAt: string | null;
  conclusionNote: string;
  /** Foundations: the spending check the conclusion was made on (null for other types or before concluding). */
  spending: ConcludedSpending | null;
  rectification: Rectification | null;
  /** The organization left the register (revoked or deregistered) while the report was unfiled. */
  exit: { at: string; status: "revoked" | "deregistered" } | null;
}

export type AnnualReportEvent =
  /** `complete`: the server checked the report form and its required files before sending it. */
  | { type: "SUBMIT"; at: string; complete: boolean }
  | { type: "RECORD_SPONSOR_OPINION"; at: string; opinion: string }
  | { type: "RETURN_FOR_CORRECTION"; at: string; items: string }
  | { type: "RESUBMIT"; at: string; complete: boolean }
  /** `spending`: a foundation's spending check, computed by the server from the report (null otherwise). */
  | { type: "CONCLUDE"; at: string; result: string; note: string; spending?: ConcludedSpending | null }
  | { type: "OPEN_RECTIFICATION"; at: string; items: string; deadline: string }
  /** `evidenceCount`: files attached to the answer, counted by the server. */
  | { type: "ANSWER_RECTIFICATION"; at: string; answer: string; evidenceCount: number }
  | { type: "ACCEPT_RECTIFICATION"; at: string }
  | { type: "ESCALATE"; at: string; reason: string }
  | { type: "DEADLINE_PASSED"; at: string }
  | { type: "ORGANIZATION_EXITED"; at: string; status: "revoked" | "deregistered" };

export type AnnualReportEventType = AnnualReportEvent["type"];

export interface AnnualReportInput {
  year: number;
  sponsorDeadline: string;
  registryDeadline: string;
}

const hasText = (value: string | undefined) => typeof value === "string" && value.trim().length > 0;
const reached = (at: string, deadline: string | null | undefined) => !!deadline && new Date(at) >= new Date(deadline);

const returnForCorrection = { guard: "hasCorrectionItems", target: "returned", actions: "recordCorrection" } as const;
const concluded = ["recordConclusion", "issueInspectionConclusion"] as const;
const conclude = [
  { guard: "concludesQualified", target: "qualified", actions: concluded },
  { guard: "concludesBasicallyQualified", target: "basicallyQualified", actions: concluded },
  { guard: "concludesUnqualified", target: "unqualified", actions: concluded },
] as const;
const openRectification = { guard: "hasRectificationItems", target: "rectification", actions: ["recordRectification", "issueRectificationNotice"] } as const;

export const annualReportMachine = setup({
  types: {
    context: {} as AnnualReportContext,
    events: {} as AnnualReportEvent,
    input: {} as AnnualReportInput,
  },
  guards: {
    reportComplete: ({ event }) => (event.type === "SUBMIT" || event.type === "RESUBMIT") && event.complete,
    hasOpinion: ({ event }) => event.type === "RECORD_SPONSOR_OPINION" && hasText(event.opinion),
    hasCorrectionItems: ({ event }) => event.type === "RETURN_FOR_CORRECTION" && hasText(event.items),
    concludesQualified: ({ event }) => event.type === "CONCLUDE" && event.result === "qualified",
    concludesBasicallyQualified: ({ event }) => event.type === "CONCLUDE" && event.result === "basicallyQualified",
    concludesUnqualified: ({ event }) => event.type === "CONCLUDE" && event.result === "unqualified",
    /** Items to fix and a deadline after today. */
    hasRectificationItems: ({ event }) =>
      event.type === "OPEN_RECTIFICATION" && hasText(event.items) && !Number.isNaN(Date.parse(event.deadline)) && new Date(event.deadline) > new Date(event.at),
    hasEvidence: ({ event }) => event.type === "ANSWER_RECTIFICATION" && hasText(event.answer) && event.evidenceCount > 0,
    hasReason: ({ event }) => event.type === "ESCALATE" && hasText(event.reason),
    /** Escalating an unanswered rectification: only once its deadline has passed, and with a reason. */
    rectificationLapsedWithReason: ({ context, event }) => event.type === "ESCALATE" && hasText(event.reason) && !!context.rectification?.overdue,
    /** The registry deadline passed and the report is still unfiled (repeated sweeps change nothing: the case leaves draft). */
    registryDeadlinePassed: ({ context, event }) => reached(event.at, context.registryDeadline),
    /** The rectification deadline passed, not recorded yet. */
    rectificationClockRanOut: ({ context, event }) => !!context.rectification && !context.rectification.overdue && reached(event.at, context.rectification.deadline),
  },
  actions: {
    markSubmitted: assign(({ event }) => ({ submittedAt: event.at })),
    markLateSubmission: assign(({ event }) => ({ submittedAt: event.at, late: true })),
    markOverdue: assign(({ event }) => ({ overdueAt: event.at })),
    recordSponsorOpinion: assign(({ event }) => (event.type === "RECORD_SPONSOR_OPINION" ? { sponsorOpinion: { at: event.at, opinion: event.opinion.trim() } } : {})),
    recordCorrection: assign(({ context, event }) => ({
      corrections: [...context.corrections, { at: event.at, items: event.type === "RETURN_FOR_CORRECTION" ? event.items.trim() : "" }],
    })),
    markResubmitted: assign(({ event }) => ({ submittedAt: event.at })),
    recordConclusion: assign(({ event }) =>
      event.type === "CONCLUDE"
        ? { result: event.result as AnnualReportResult, concludedAt: event.at, conclusionNote: event.note?.trim() ?? "", spending: event.spending ?? null }
        : {},
    ),
    recordExit: assign(({ event }) => (event.type === "ORGANIZATION_EXITED" ? { exit: { at: event.at, status: event.status } } : {})),
    recordRectification: assign(({ event }) =>
      event.type === "OPEN_RECTIFICATION"
        ? {
            rectification: {
              openedAt: event.at,
              items: event.items.trim(),
              deadline: new Date(event.deadline).toISOString(),
              answer: null,
              answeredAt: null,
              evidenceCount: 0,
              overdue: false,
              outcome: null,
              closedAt: null,
              reason: "",
            },
          }
        : {},
    ),
    recordAnswer: assign(({ context, event }) =>
      event.type === "ANSWER_RECTIFICATION" && context.rectification
        ? { rectification: { ...context.rectification, answer: event.answer.trim(), answeredAt: event.at, evidenceCount: event.evidenceCount } }
        : {},
    ),
    markRectificationOverdue: assign(({ context }) => (context.rectification ? { rectification: { ...context.rectification, overdue: true } } : {})),
    acceptRectification: assign(({ context, event }) =>
      context.rectification ? { rectification: { ...context.rectification, outcome: "accepted" as const, closedAt: event.at } } : {},
    ),
    escalateRectification: assign(({ context, event }) =>
      context.rectification
        ? { rectification: { ...context.rectification, outcome: "escalated" as const, closedAt: event.at, reason: event.type === "ESCALATE" ? event.reason.trim() : "" } }
        : {},
    ),
    /** Side effect: the organization goes on the abnormal list for not filing (once per year). */
    listLateReport: () => {},
    /** Side effect: the organization goes on the abnormal list for a rectification not done. */
    listRectificationNotDone: () => {},
    /** Side effects: the documents issued (年度检查结论通知书, 责令整改通知书). */
    issueInspectionConclusion: () => {},
    issueRectificationNotice: () => {},
  },
}).createMachine({
  id: "annualReport",
  initial: "draft",
  context: ({ input }) => ({
    year: input.year,
    sponsorDeadline: input.sponsorDeadline,
    registryDeadline: input.registryDeadline,
    submittedAt: null,
    late: false,
    overdueAt: null,
    sponsorOpinion: null,
    corrections: [],
    result: null,
    concludedAt: null,
    conclusionNote: "",
    spending: null,
    rectification: null,
    exit: null,
  }),
  states: {
    /** The organization fills the report; saving works while incomplete. */
    draft: {
      on: {
        SUBMIT: { guard: "reportComplete", target: "submitted", actions: "markSubmitted" },
        DEADLINE_PASSED: { guard: "registryDeadlinePassed", target: "overdue", actions: ["markOverdue", "listLateReport"] },
        ORGANIZATION_EXITED: { target: "exited", actions: "recordExit" },
      },
    },
    /** Not filed by the registry deadline: listed; a late filing is still taken. */
    overdue: {
      on: {
        SUBMIT: { guard: "reportComplete", target: "submitted", actions: "markLateSubmission" },
        ORGANIZATION_EXITED: { target: "exited", actions: "recordExit" },
      },
    },
    /** The organization was revoked or deregistered before filing: it owes no report (not overdue, not listed). */
    exited: { type: "final" },
    /** Filed, waiting for the sponsoring unit's opinion. */
    submitted: {
      on: {
        RECORD_SPONSOR_OPINION: { guard: "hasOpinion", target: "sponsorReviewed", actions: "recordSponsorOpinion" },
        RETURN_FOR_CORRECTION: returnForCorrection,
      },
    },
    /** The sponsoring unit gave its opinion; the registry reviews. */
    sponsorReviewed: {
      on: {
        RETURN_FOR_CORRECTION: returnForCorrection,
        CONCLUDE: conclude,
      },
    },
    /** Returned for correction (补正); the organization edits and resubmits. */
    returned: {
      on: {
        RESUBMIT: { guard: "reportComplete", target: "resubmitted", actions: "markResubmitted" },
      },
    },
    /** Corrected and filed again; the registry reviews again. */
    resubmitted: {
      on: {
        RETURN_FOR_CORRECTION: returnForCorrection,
        RECORD_SPONSOR_OPINION: { guard: "hasOpinion", actions: "recordSponsorOpinion" },
        CONCLUDE: conclude,
      },
    },
    qualified: { type: "final" },
    /** 基本合格: may require a rectification. */
    basicallyQualified: {
      on: { OPEN_RECTIFICATION: openRectification },
    },
    /** 不合格: may require a rectification. */
    unqualified: {
      on: { OPEN_RECTIFICATION: openRectification },
    },
    /** 整改: the organization answers with evidence by the deadline. */
    rectification: {
      on: {
        ANSWER_RECTIFICATION: { guard: "hasEvidence", target: "rectificationAnswered", actions: "recordAnswer" },
        DEADLINE_PASSED: { guard: "rectificationClockRanOut", actions: "markRectificationOverdue" },
        ESCALATE: { guard: "rectificationLapsedWithReason", target: "escalated", actions: ["escalateRectification", "listRectificationNotDone"] },
      },
    },
    /** The organization answered; the registry accepts or escalates. */
    rectificationAnswered: {
      on: {
        ACCEPT_RECTIFICATION: { target: "closed", actions: "acceptRectification" },
        ESCALATE: { guard: "hasReason", target: "escalated", actions: ["escalateRectification", "listRectificationNotDone"] },
      },
    },
    closed: { type: "final" },
    escalated: { type: "final" },
  },
});

export type AnnualReportState = StateValueFrom<typeof annualReportMachine>;

/** The organization may edit the report's form: not yet filed, or sent back. */
export const REPORT_FORM_EDITABLE_STATES = ["draft", "overdue", "returned"] as const satisfies readonly AnnualReportState[];
/** The organization may attach files: while the form is editable, and during rectification. */
export const REPORT_FILES_EDITABLE_STATES = [...REPORT_FORM_EDITABLE_STATES, "rectification"] as const satisfies readonly AnnualReportState[];
/** The inspection has a conclusion (a result, a rectification on it, or an escalation). */
export const REPORT_CONCLUDED_STATES = ["qualified", "basicallyQualified", "unqualified", "rectification", "rectificationAnswered", "closed", "escalated"] as const satisfies readonly AnnualReportState[];
