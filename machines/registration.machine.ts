/**
 * The entry gate (入口关): a registration application, from draft to registered or refused.
 *
 * 社会团体 pass through preparation approval (筹备, decided within 60 days) and a founding
 * meeting (within 6 months) before the registration application; 民非 and 基金会 apply
 * directly. Incomplete files go back for correction (补正) and, corrected, wait to be accepted
 * (受理) again. Statutory periods are data (REGISTRATION_PERIODS), and clocks are explicit events
 * (`DEADLINE_PASSED`) sent by the sweeper — never timers. Every event carries `at` (ISO time,
 * set by the workflow engine), so the machine stays pure and replayable.
 */
import { assign, setup, type StateValueFrom } from "xstate";
import { extendedDeadline, periodEndsAt, shanghaiDay } from "~/domain/periods";

/** v2: the preparation approval's time is kept (`preparationApprovedAt`), so a founding meeting dated before it is refused. */
export const REGISTRATION_MACHINE_VERSION = 2;

/**
 * Statutory periods, counted by the period calculator (app/domain/periods.ts, ADR 014):
 * the authority's decision periods in calendar days (the 条例 say 日), the founding meeting in
 * months (民法典第二百零二条: 31 August + 6 months → the last day of February) and, being a time
 * limit for the applicant's act, moved over a rest day (第二百零三条).
 */
export const REGISTRATION_PERIODS = {
  /** 社会团体登记管理条例第十二条: decision on a 社会团体's preparation application, from acceptance. */
  preparationDecision: { days: 60 },
  /** 社会团体登记管理条例第十四条: founding meeting within 6 months of preparation approval. */
  foundingMeeting: { months: 6 },
  /** 社会团体登记管理条例第十五条 (30 日), 民办非企业单位登记管理暂行条例第十一条 and 基金会管理条例第十一条 (60 日). */
  review: { socialGroup: { days: 30 }, socialServiceAgency: { days: 60 }, foundation: { days: 60 } },
} as const;

/** v1 → v2: the approval time was not kept; a case still preparing accepts any meeting date up to today. */
export function upgradeRegistrationSnapshotFromV1(persisted: Record<string, unknown>): Record<string, unknown> {
  const context = (persisted.context ?? {}) as Record<string, unknown>;
  return { ...persisted, context: { ...context, preparationApprovedAt: context.preparationApprovedAt ?? null } };
}

export type RegistrationOrgType = keyof typeof REGISTRATION_PERIODS.review;

export interface RegistrationContext {
  orgType: RegistrationOrgType;
  proposedName: string;
  /** 社会团体 go through "preparation" first; everyone else starts in "registration". */
  phase: "preparation" | "registration";
  submittedAt: string | null;
  /** The running statutory clock: when the current stage's decision or step is due. */
  dueAt: string | null;
  overdue: boolean;
  corrections: { at: string; items: string }[];
  sponsorOpinion: { at: string; opinion: string } | null;
  /** When preparation was approved (社会团体): the founding meeting cannot be dated before it. */
  preparationApprovedAt: string | null;
  foundingMeetingAt: string | null;
  decision: { at: string; outcome: "approved" | "denied" | "withdrawn" | "lapsed"; reason: string } | null;
}

export type RegistrationEvent =
  /** `complete`: the server checked the form and the required files before sending it. */
  | { type: "SUBMIT"; at: string; complete: boolean }
  | { type: "ACCEPT"; at: string }
  | { type: "REQUEST_CORRECTION"; at: string; items: string }
  | { type: "RESUBMIT"; at: string; complete: boolean }
  | { type: "RECORD_SPONSOR_OPINION"; at: string; opinion: string }
  | { type: "APPROVE_PREPARATION"; at: string }
  | { type: "RECORD_FOUNDING_MEETING"; at: string; meetingDate: string }
  | { type: "APPROVE"; at: string }
  | { type: "DENY"; at: string; reason: string }
  | { type: "WITHDRAW"; at: string; reason: string }
  | { type: "DEADLINE_PASSED"; at: string };

export type RegistrationEventType = RegistrationEvent["type"];

export interface RegistrationInput {
  orgType: RegistrationOrgType;
  proposedName: string;
}

const hasText = (value: string | undefined) => typeof value === "string" && value.trim().length > 0;

const withdraw = { guard: "hasReason", target: "withdrawn", actions: "decideWithdrawn" } as const;
const sponsorOpinion = { guard: "hasOpinion", actions: "recordSponsorOpinion" } as const;
const requestCorrection = { guard: "hasCorrectionItems", target: "correction", actions: ["recordCorrection", "issueCorrectionNotice"] } as const;
const deny = { guard: "hasReason", target: "denied", actions: ["decideDenied", "issueDenialDecision"] } as const;

export const registrationMachine = setup({
  types: {
    context: {} as RegistrationContext,
    events: {} as RegistrationEvent,
    input: {} as RegistrationInput,
  },
  guards: {
    applicationComplete: ({ event }) => (event.type === "SUBMIT" || event.type === "RESUBMIT") && event.complete,
    inPreparationPhase: ({ context }) => context.phase === "preparation",
    hasCorrectionItems: ({ event }) => event.type === "REQUEST_CORRECTION" && hasText(event.items),
    hasReason: ({ event }) => (event.type === "DENY" || event.type === "WITHDRAW") && hasText(event.reason),
    hasOpinion: ({ event }) => event.type === "RECORD_SPONSOR_OPINION" && hasText(event.opinion),
    /**
     * The founding meeting was held during preparation: not before the approval's day, not after
     * today, and not after the 6-month deadline (moved over a rest day).
     */
    meetingDuringPreparation: ({ context, event }) => {
      if (event.type !== "RECORD_FOUNDING_MEETING" || !hasText(event.meetingDate) || Number.isNaN(Date.parse(event.meetingDate))) return false;
      const meetingDay = shanghaiDay(event.meetingDate);
      if (meetingDay > shanghaiDay(event.at)) return false;
      if (context.preparationApprovedAt && meetingDay < shanghaiDay(context.preparationApprovedAt)) return false;
      return !context.dueAt || new Date(event.meetingDate) < extendedDeadline(context.dueAt);
    },
    /** The clock ran out and this has not been recorded yet (so repeated sweeps change nothing). */
    clockRanOut: ({ context, event }) => context.dueAt !== null && !context.overdue && new Date(event.at) >= new Date(context.dueAt),
    /** The founding-meeting deadline ran out: the end of its last day, moved over a rest day (民法典第二百零三条). */
    foundingDeadlineRanOut: ({ context, event }) => context.dueAt !== null && !context.overdue && new Date(event.at) >= extendedDeadline(context.dueAt),
  },
  actions: {
    markSubmitted: assign(({ event }) => ({ submittedAt: event.at, dueAt: null, overdue: false })),
    startPreparationClock: assign(({ event }) => ({ dueAt: periodEndsAt(event.at, REGISTRATION_PERIODS.preparationDecision).toISOString(), overdue: false })),
    /** The nominal end (24:00 of the corresponding day); a rest day moves it when it is decided (foundingDeadlineRanOut). */
    startFoundingClock: assign(({ event }) => ({
      preparationApprovedAt: event.at,
      dueAt: periodEndsAt(event.at, REGISTRATION_PERIODS.foundingMeeting).toISOString(),
      overdue: false,
    })),
    startReviewClock: assign(({ context, event }) => ({
      dueAt: periodEndsAt(event.at, REGISTRATION_PERIODS.review[context.orgType]).toISOString(),
      overdue: false,
    })),
    markOverdue: assign({ overdue: true }),
    recordCorrection: assign(({ context, event }) => ({
      corrections: [...context.corrections, { at: event.at, items: event.type === "REQUEST_CORRECTION" ? event.items : "" }],
      dueAt: null,
      overdue: false,
    })),
    markResubmitted: assign(({ event }) => ({ submittedAt: event.at })),
    recordSponsorOpinion: assign(({ event }) =>
      event.type === "RECORD_SPONSOR_OPINION" ? { sponsorOpinion: { at: event.at, opinion: event.opinion } } : {},
    ),
    enterRegistrationPhase: assign(({ event }) => ({
      phase: "registration" as const,
      foundingMeetingAt: event.type === "RECORD_FOUNDING_MEETING" ? event.meetingDate : null,
      submittedAt: event.at,
      dueAt: null,
      overdue: false,
    })),
    decideApproved: assign(({ event }) => ({ decision: { at: event.at, outcome: "approved" as const, reason: "" }, dueAt: null, overdue: false })),
    decideDenied: assign(({ event }) => ({
      decision: { at: event.at, outcome: "denied" as const, reason: event.type === "DENY" ? event.reason : "" },
      dueAt: null,
      overdue: false,
    })),
    decideWithdrawn: assign(({ event }) => ({
      decision: { at: event.at, outcome: "withdrawn" as const, reason: event.type === "WITHDRAW" ? event.reason : "" },
      dueAt: null,
      overdue: false,
    })),
    decideLapsed: assign(({ event }) => ({ decision: { at: event.at, outcome: "lapsed" as const, reason: "" }, dueAt: null, overdue: false })),
    /** Side effect, run by the workflow engine after commit: the organization enters the register. */
    registerOrganization: () => {},
    /** Side effects: the documents each decision issues (受理通知书, 补正材料通知书, 不予登记决定书, 准予登记决定书, 登记证书). */
    issueAcceptanceNotice: () => {},
    issueCorrectionNotice: () => {},
    issueDenialDecision: () => {},
    issueRegistrationDecision: () => {},
    issueRegistrationCertificate: () => {},
  },
}).createMachine({
  id: "registration",
  initial: "draft",
  context: ({ input }) => ({
    orgType: input.orgType,
    proposedName: input.proposedName,
    phase: input.orgType === "socialGroup" ? "preparation" : "registration",
    submittedAt: null,
    dueAt: null,
    overdue: false,
    corrections: [],
    sponsorOpinion: null,
    preparationApprovedAt: null,
    foundingMeetingAt: null,
    decision: null,
  }),
  states: {
    /** The applicant fills the application; saving works while incomplete. */
    draft: {
      on: {
        SUBMIT: { guard: "applicationComplete", target: "submitted", actions: "markSubmitted" },
        WITHDRAW: withdraw,
      },
    },
    /** Filed, waiting for acceptance (受理) or a correction request (补正). */
    submitted: {
      on: {
        ACCEPT: [
          { guard: "inPreparationPhase", target: "preparationReview", actions: ["startPreparationClock", "issueAcceptanceNotice"] },
          { target: "review", actions: ["startReviewClock", "issueAcceptanceNotice"] },
        ],
        REQUEST_CORRECTION: requestCorrection,
        RECORD_SPONSOR_OPINION: sponsorOpinion,
        WITHDRAW: withdraw,
      },
    },
    /** Returned for correction; the corrected file is accepted again. */
    correction: {
      on: {
        RESUBMIT: { guard: "applicationComplete", target: "submitted", actions: "markResubmitted" },
        WITHDRAW: withdraw,
      },
    },
    /** 社会团体: the preparation application under review (decision due in 60 days). */
    preparationReview: {
      on: {
        APPROVE_PREPARATION: { target: "preparing", actions: "startFoundingClock" },
        REQUEST_CORRECTION: requestCorrection,
        RECORD_SPONSOR_OPINION: sponsorOpinion,
        DENY: deny,
        WITHDRAW: withdraw,
        DEADLINE_PASSED: { guard: "clockRanOut", actions: "markOverdue" },
      },
    },
    /** 社会团体: preparing; the founding meeting is due within 6 months, else preparation lapses. */
    preparing: {
      on: {
        RECORD_FOUNDING_MEETING: { guard: "meetingDuringPreparation", target: "submitted", actions: "enterRegistrationPhase" },
        WITHDRAW: withdraw,
        DEADLINE_PASSED: { guard: "foundingDeadlineRanOut", target: "lapsed", actions: "decideLapsed" },
      },
    },
    /** Accepted: registration review with the statutory clock (30 or 60 days by type). */
    review: {
      on: {
        APPROVE: { target: "registered", actions: ["decideApproved", "registerOrganization", "issueRegistrationDecision", "issueRegistrationCertificate"] },
        DENY: deny,
        REQUEST_CORRECTION: requestCorrection,
        RECORD_SPONSOR_OPINION: sponsorOpinion,
        WITHDRAW: withdraw,
        DEADLINE_PASSED: { guard: "clockRanOut", actions: "markOverdue" },
      },
    },
    registered: { type: "final" },
    denied: { type: "final" },
    withdrawn: { type: "final" },
    lapsed: { type: "final" },
  },
});

export type RegistrationState = StateValueFrom<typeof registrationMachine>;

/** The applicant may change the application's files: a draft, or sent back for correction (补正). */
export const REGISTRATION_EDITABLE_STATES = ["draft", "correction"] as const satisfies readonly RegistrationState[];
/** Only a 社会团体 passes through these (preparation and its approval). */
export const REGISTRATION_SOCIAL_GROUP_ONLY_STATES = ["preparationReview", "preparing"] as const satisfies readonly RegistrationState[];
