/**
 * The exit gate (出口关), voluntary: deregistration (注销).
 *
 * Application with the sponsoring unit's consent → liquidation (清算; the liquidation group is
 * recorded and the organization carries on no other activity) → liquidation report uploaded →
 * registry review (foundations and 民非 must record the body of similar purpose their remaining
 * assets went to) → public notice (公告) for a configured period; an objection sends the case
 * back to review, `DEADLINE_PASSED` from the sweeper ends the notice → certificate and seals
 * returned → deregistered. Pure; every event carries `at`.
 */
import { assign, setup, type StateValueFrom } from "xstate";
import { periodEndsAt } from "~/domain/periods";

export const DEREGISTRATION_MACHINE_VERSION = 1;

export const DEREGISTRATION_PERIODS = {
  /**
   * The public notice before the deregistration takes effect (the registry's own notice period,
   * counted in calendar days from the day after it starts; it is the authority's period, so not
   * moved over rest days — ADR 014).
   */
  notice: { days: 45 },
} as const;

export type DeregistrationOrgType = "socialGroup" | "socialServiceAgency" | "foundation";

export interface DeregistrationContext {
  orgType: DeregistrationOrgType;
  reason: string;
  sponsorConsent: { at: string; note: string } | null;
  liquidationGroup: string | null;
  liquidationStartedAt: string | null;
  liquidationReportAt: string | null;
  assetsHandedTo: string | null;
  returns: { at: string; items: string }[];
  noticeStartedAt: string | null;
  /** When the running public notice ends. */
  dueAt: string | null;
  objections: { at: string; text: string }[];
  certificatesReturned: { at: string; note: string } | null;
  decidedAt: string | null;
  withdrawnReason: string | null;
}

export type DeregistrationEvent =
  | { type: "RECORD_SPONSOR_CONSENT"; at: string; note: string }
  | { type: "START_LIQUIDATION"; at: string; liquidationGroup: string }
  /** `reportCount`: liquidation-report files attached, counted by the server. */
  | { type: "SUBMIT_LIQUIDATION_REPORT"; at: string; reportCount: number }
  | { type: "RETURN_TO_LIQUIDATION"; at: string; items: string }
  | { type: "APPROVE_REVIEW"; at: string; assetsHandedTo: string }
  | { type: "RAISE_OBJECTION"; at: string; text: string }
  | { type: "DEADLINE_PASSED"; at: string }
  | { type: "RECORD_CERTIFICATES_RETURNED"; at: string; note: string }
  | { type: "WITHDRAW"; at: string; reason: string };

export type DeregistrationEventType = DeregistrationEvent["type"];

export interface DeregistrationInput {
  orgType: DeregistrationOrgType;
  reason: string;
}

const hasText = (value: string | undefined) => typeof value === "string" && value.trim().length > 0;

export const deregistrationMachine = setup({
  types: {
    context: {} as DeregistrationContext,
    events: {} as DeregistrationEvent,
    input: {} as DeregistrationInput,
  },
  guards: {
    hasConsentNote: ({ event }) => event.type === "RECORD_SPONSOR_CONSENT" && hasText(event.note),
    /** Liquidation starts only with the sponsoring unit's consent on file and a named liquidation group. */
    consentAndLiquidationGroup: ({ context, event }) => event.type === "START_LIQUIDATION" && context.sponsorConsent !== null && hasText(event.liquidationGroup),
    hasLiquidationReport: ({ event }) => event.type === "SUBMIT_LIQUIDATION_REPORT" && event.reportCount > 0,
    hasReturnItems: ({ event }) => event.type === "RETURN_TO_LIQUIDATION" && hasText(event.items),
    /** Foundations and 民非 hand remaining assets to a body of similar purpose; 社会团体 need not name one here. */
    assetsSettled: ({ context, event }) => event.type === "APPROVE_REVIEW" && (context.orgType === "socialGroup" || hasText(event.assetsHandedTo)),
    hasObjection: ({ event }) => event.type === "RAISE_OBJECTION" && hasText(event.text),
    noticeEnded: ({ context, event }) => context.dueAt !== null && new Date(event.at) >= new Date(context.dueAt),
    hasReturnNote: ({ event }) => event.type === "RECORD_CERTIFICATES_RETURNED" && hasText(event.note),
    hasWithdrawReason: ({ event }) => event.type === "WITHDRAW" && hasText(event.reason),
  },
  actions: {
    recordConsent: assign(({ event }) => (event.type === "RECORD_SPONSOR_CONSENT" ? { sponsorConsent: { at: event.at, note: event.note.trim() } } : {})),
    startLiquidation: assign(({ event }) =>
      event.type === "START_LIQUIDATION" ? { liquidationGroup: event.liquidationGroup.trim(), liquidationStartedAt: event.at } : {},
    ),
    recordReport: assign(({ event }) => ({ liquidationReportAt: event.at })),
    recordReturn: assign(({ context, event }) => ({
      returns: [...context.returns, { at: event.at, items: event.type === "RETURN_TO_LIQUIDATION" ? event.items.trim() : "" }],
    })),
    startNotice: assign(({ event }) => ({
      assetsHandedTo: event.type === "APPROVE_REVIEW" && hasText(event.assetsHandedTo) ? event.assetsHandedTo.trim() : null,
      noticeStartedAt: event.at,
      dueAt: periodEndsAt(event.at, DEREGISTRATION_PERIODS.notice).toISOString(),
    })),
    recordObjection: assign(({ context, event }) => ({
      objections: [...context.objections, { at: event.at, text: event.type === "RAISE_OBJECTION" ? event.text.trim() : "" }],
      dueAt: null,
    })),
    endNotice: assign({ dueAt: null }),
    recordCertificates: assign(({ event }) =>
      event.type === "RECORD_CERTIFICATES_RETURNED" ? { certificatesReturned: { at: event.at, note: event.note.trim() }, decidedAt: event.at } : {},
    ),
    recordWithdrawal: assign(({ event }) => ({ withdrawnReason: event.type === "WITHDRAW" ? event.reason.trim() : "" })),
    /** Side effect: the register shows the organization as exiting (no other activity). */
    markExiting: () => {},
    /** Side effect: the register shows the organization as deregistered, with date and reason. */
    markDeregistered: () => {},
    /** Side effect: a withdrawn exit puts the organization back to registered. */
    restoreRegistered: () => {},
    /** Side effect: the 注销登记证明 is issued. */
    issueDeregistrationCertificate: () => {},
  },
}).createMachine({
  id: "deregistration",
  initial: "application",
  context: ({ input }) => ({
    orgType: input.orgType,
    reason: input.reason,
    sponsorConsent: null,
    liquidationGroup: null,
    liquidationStartedAt: null,
    liquidationReportAt: null,
    assetsHandedTo: null,
    returns: [],
    noticeStartedAt: null,
    dueAt: null,
    objections: [],
    certificatesReturned: null,
    decidedAt: null,
    withdrawnReason: null,
  }),
  states: {
    /** Applied; the sponsoring unit's consent is recorded before liquidation starts. */
    application: {
      on: {
        RECORD_SPONSOR_CONSENT: { guard: "hasConsentNote", actions: "recordConsent" },
        START_LIQUIDATION: { guard: "consentAndLiquidationGroup", target: "liquidation", actions: ["startLiquidation", "markExiting"] },
        WITHDRAW: { guard: "hasWithdrawReason", target: "withdrawn", actions: "recordWithdrawal" },
      },
    },
    /** 清算: the liquidation group works; the report closes it. */
    liquidation: {
      on: {
        SUBMIT_LIQUIDATION_REPORT: { guard: "hasLiquidationReport", target: "review", actions: "recordReport" },
        WITHDRAW: { guard: "hasWithdrawReason", target: "withdrawn", actions: ["recordWithdrawal", "restoreRegistered"] },
      },
    },
    /** The registry reviews the liquidation report (and where the assets went). */
    review: {
      on: {
        APPROVE_REVIEW: { guard: "assetsSettled", target: "notice", actions: "startNotice" },
        RETURN_TO_LIQUIDATION: { guard: "hasReturnItems", target: "liquidation", actions: "recordReturn" },
      },
    },
    /** 公告: public notice for DEREGISTRATION_PERIODS.noticeDays; objections go back to review. */
    notice: {
      on: {
        RAISE_OBJECTION: { guard: "hasObjection", target: "review", actions: "recordObjection" },
        DEADLINE_PASSED: { guard: "noticeEnded", target: "certificates", actions: "endNotice" },
      },
    },
    /** The notice ended without objection; the certificate and seals are to be returned. */
    certificates: {
      on: {
        RECORD_CERTIFICATES_RETURNED: { guard: "hasReturnNote", target: "deregistered", actions: ["recordCertificates", "markDeregistered", "issueDeregistrationCertificate"] },
      },
    },
    deregistered: { type: "final" },
    withdrawn: { type: "final" },
  },
});

export type DeregistrationState = StateValueFrom<typeof deregistrationMachine>;

/** The case is over: the organization is deregistered, or it withdrew. */
export const DEREGISTRATION_CLOSED_STATES = ["deregistered", "withdrawn"] as const satisfies readonly DeregistrationState[];
