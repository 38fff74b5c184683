/**
 * The exit gate (出口关), as a penalty: revocation of registration (撤销登记).
 *
 * Opened with grounds (by a regulator, or proposed by the sweeper for two or more years of
 * missed annual inspections) → investigation with evidence → notice of the right to a hearing
 * (听证) with a deadline to request it → hearing if requested (no request by the deadline:
 * `DEADLINE_PASSED` from the sweeper moves on) → decision: revoke, or close the case → service
 * (送达) recorded → revoked. Pure; every event carries `at`.
 */
import { assign, setup } from "xstate";
import { periodEndsAt } from "~/domain/periods";

export const REVOCATION_MACHINE_VERSION = 1;

export const REVOCATION_GROUNDS = ["fraudAtRegistration", "noActivityForYear", "missedInspections", "other"] as const;
export type RevocationGround = (typeof REVOCATION_GROUNDS)[number];

export const REVOCATION_PERIODS = {
  /** 行政处罚法第六十四条: a hearing is requested within 5 days of the notice; 第八十五条: those are working days. */
  hearingRequest: { workingDays: 5 },
} as const;

/**
 * The last moment to request a hearing: the deadline the notice announced, or a later one when the
 * working-day calendar in force now counts the same 5 working days to a later day (the notice was
 * counted on the provisional rule for a year whose holiday arrangement has since been published
 * with more rest days, ADR 014). Never earlier than announced: the organization relies on the
 * notice. Null while no hearing deadline runs.
 */
export function hearingRequestDeadline(context: Pick<RevocationContext, "noticeAt" | "dueAt">): Date | null {
  if (!context.dueAt) return null;
  const announced = new Date(context.dueAt);
  if (!context.noticeAt) return announced;
  const recounted = periodEndsAt(context.noticeAt, REVOCATION_PERIODS.hearingRequest);
  return recounted > announced ? recounted : announced;
}

export interface RevocationContext {
  ground: RevocationGround;
  grounds: string;
  /** Proposed by the sweeper rather than opened by a regulator. */
  proposed: boolean;
  evidence: { at: string; text: string }[];
  noticeAt: string | null;
  /** The deadline to request a hearing, while it runs. */
  dueAt: string | null;
  hearingRequestedAt: string | null;
  hearing: { at: string; record: string } | null;
  decision: { at: string; outcome: "revoked" | "closed"; reason: string } | null;
  service: { at: string; method: string } | null;
}

export type RevocationEvent =
  | { type: "BEGIN_INVESTIGATION"; at: string }
  | { type: "RECORD_EVIDENCE"; at: string; text: string }
  | { type: "NOTIFY_HEARING_RIGHT"; at: string }
  | { type: "REQUEST_HEARING"; at: string }
  | { type: "RECORD_HEARING"; at: string; record: string }
  | { type: "DEADLINE_PASSED"; at: string }
  | { type: "DECIDE_REVOKE"; at: string; reason: string }
  | { type: "CLOSE_CASE"; at: string; reason: string }
  | { type: "RECORD_SERVICE"; at: string; method: string };

export type RevocationEventType = RevocationEvent["type"];

export interface RevocationInput {
  ground: RevocationGround;
  grounds: string;
  proposed?: boolean;
}

const hasText = (value: string | undefined) => typeof value === "string" && value.trim().length > 0;

const close = { guard: "hasCloseReason", target: "closed", actions: "decideClosed" } as const;

export const revocationMachine = setup({
  types: {
    context: {} as RevocationContext,
    events: {} as RevocationEvent,
    input: {} as RevocationInput,
  },
  guards: {
    hasEvidenceText: ({ event }) => event.type === "RECORD_EVIDENCE" && hasText(event.text),
    /** The hearing notice needs evidence on file. */
    evidenceOnFile: ({ context }) => context.evidence.length > 0,
    withinHearingDeadline: ({ context, event }) => {
      const deadline = hearingRequestDeadline(context);
      return deadline !== null && new Date(event.at) < deadline;
    },
    hasHearingRecord: ({ event }) => event.type === "RECORD_HEARING" && hasText(event.record),
    hearingDeadlinePassed: ({ context, event }) => {
      const deadline = hearingRequestDeadline(context);
      return deadline !== null && new Date(event.at) >= deadline;
    },
    hasDecisionReason: ({ event }) => event.type === "DECIDE_REVOKE" && hasText(event.reason),
    hasCloseReason: ({ event }) => event.type === "CLOSE_CASE" && hasText(event.reason),
    hasServiceMethod: ({ event }) => event.type === "RECORD_SERVICE" && hasText(event.method),
  },
  actions: {
    recordEvidence: assign(({ context, event }) => ({
      evidence: [...context.evidence, { at: event.at, text: event.type === "RECORD_EVIDENCE" ? event.text.trim() : "" }],
    })),
    startHearingClock: assign(({ event }) => ({ noticeAt: event.at, dueAt: periodEndsAt(event.at, REVOCATION_PERIODS.hearingRequest).toISOString() })),
    recordHearingRequest: assign(({ event }) => ({ hearingRequestedAt: event.at, dueAt: null })),
    stopHearingClock: assign({ dueAt: null }),
    recordHearing: assign(({ event }) => (event.type === "RECORD_HEARING" ? { hearing: { at: event.at, record: event.record.trim() } } : {})),
    decideRevoked: assign(({ event }) => ({ decision: { at: event.at, outcome: "revoked" as const, reason: event.type === "DECIDE_REVOKE" ? event.reason.trim() : "" } })),
    decideClosed: assign(({ event }) => ({
      decision: { at: event.at, outcome: "closed" as const, reason: event.type === "CLOSE_CASE" ? event.reason.trim() : "" },
      dueAt: null,
    })),
    recordService: assign(({ event }) => (event.type === "RECORD_SERVICE" ? { service: { at: event.at, method: event.method.trim() } } : {})),
    /** Side effect: the register shows the organization as revoked, with date and reason. */
    markRevoked: () => {},
    /** Side effects: the documents issued (听证告知书, 撤销登记决定书). */
    issueHearingNotice: () => {},
    issueRevocationDecision: () => {},
  },
}).createMachine({
  id: "revocation",
  initial: "opened",
  context: ({ input }) => ({
    ground: input.ground,
    grounds: input.grounds,
    proposed: input.proposed ?? false,
    evidence: [],
    noticeAt: null,
    dueAt: null,
    hearingRequestedAt: null,
    hearing: null,
    decision: null,
    service: null,
  }),
  states: {
    /** Opened (or proposed by the sweeper): a regulator investigates or closes it. */
    opened: {
      on: {
        BEGIN_INVESTIGATION: { target: "investigation" },
        CLOSE_CASE: close,
      },
    },
    /** Evidence is gathered; the hearing notice needs some on file. */
    investigation: {
      on: {
        RECORD_EVIDENCE: { guard: "hasEvidenceText", actions: "recordEvidence" },
        NOTIFY_HEARING_RIGHT: { guard: "evidenceOnFile", target: "hearingNotice", actions: ["startHearingClock", "issueHearingNotice"] },
        CLOSE_CASE: close,
      },
    },
    /** 听证告知: the organization may request a hearing until the deadline. */
    hearingNotice: {
      on: {
        REQUEST_HEARING: { guard: "withinHearingDeadline", target: "hearing", actions: "recordHearingRequest" },
        DEADLINE_PASSED: { guard: "hearingDeadlinePassed", target: "decision", actions: "stopHearingClock" },
      },
    },
    /** 听证: held, its record kept. */
    hearing: {
      on: {
        RECORD_HEARING: { guard: "hasHearingRecord", target: "decision", actions: "recordHearing" },
      },
    },
    /** 处罚决定: revoke, or close the case. */
    decision: {
      on: {
        DECIDE_REVOKE: { guard: "hasDecisionReason", target: "service", actions: ["decideRevoked", "issueRevocationDecision"] },
        CLOSE_CASE: close,
      },
    },
    /** 送达: the decision takes effect once served. */
    service: {
      on: {
        RECORD_SERVICE: { guard: "hasServiceMethod", target: "revoked", actions: ["recordService", "markRevoked"] },
      },
    },
    revoked: { type: "final" },
    closed: { type: "final" },
  },
});
