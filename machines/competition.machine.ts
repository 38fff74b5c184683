/**
 * A yearly community venture-philanthropy competition (公益创投大赛), from draft to archived:
 *
 *   draft → open → closed → screening → judging → ranking → announcing → finalized → running → archived
 *
 * The settings (rubric, budget, tranche plan …) are edited in draft and checked when the
 * competition opens; the service sends them with OPEN so the guard stays pure. Facts from the
 * database (entries lacking scores, pending objections, active projects) travel in the event
 * payload, computed by the service. The application window and the announcement (公示, N
 * Chinese working days) end by DEADLINE_PASSED from the sweeper.
 */
import { assign, setup, type StateValueFrom } from "xstate";
import { TRANCHE_TRIGGERS, type TrancheTrigger } from "~/domain/competition";
import { periodEndsAt } from "~/domain/periods";
import { rubricIssues, type Criterion } from "~/domain/rubric";

export const COMPETITION_MACHINE_VERSION = 1;


/** What OPEN checks: the parts of the competition's settings the rules depend on. */
export interface CompetitionSettingsFacts {
  criteria: readonly Criterion[];
  tranchePlan: readonly { percent: number; trigger: TrancheTrigger }[];
  totalBudgetFen: number;
  perProjectCapFen: number;
  /** ISO instants of the application window. */
  opensAt: string;
  closesAt: string;
  announcementWorkingDays: number;
}

export type SettingsIssue =
  | "rubricInvalid"
  | "tranchePlanNot100"
  | "tranchePlanEmpty"
  | "budgetNotPositive"
  | "capNotPositive"
  | "capAboveBudget"
  | "windowInvalid"
  | "announcementDaysInvalid";

/** Every rule the settings break (empty: the competition may open). */
export function settingsIssues(settings: CompetitionSettingsFacts): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (rubricIssues({ criteria: settings.criteria }).length > 0) issues.push("rubricInvalid");
  if (settings.tranchePlan.length === 0) issues.push("tranchePlanEmpty");
  else if (
    settings.tranchePlan.some((t) => !Number.isInteger(t.percent) || t.percent <= 0 || !TRANCHE_TRIGGERS.includes(t.trigger)) ||
    settings.tranchePlan.reduce((sum, t) => sum + t.percent, 0) !== 100
  ) {
    issues.push("tranchePlanNot100");
  }
  if (!Number.isInteger(settings.totalBudgetFen) || settings.totalBudgetFen <= 0) issues.push("budgetNotPositive");
  if (!Number.isInteger(settings.perProjectCapFen) || settings.perProjectCapFen <= 0) issues.push("capNotPositive");
  else if (settings.perProjectCapFen > settings.totalBudgetFen) issues.push("capAboveBudget");
  const opens = Date.parse(settings.opensAt);
  const closes = Date.parse(settings.closesAt);
  if (Number.isNaN(opens) || Number.isNaN(closes) || closes <= opens) issues.push("windowInvalid");
  if (!Number.isInteger(settings.announcementWorkingDays) || settings.announcementWorkingDays < 1 || settings.announcementWorkingDays > 30) {
    issues.push("announcementDaysInvalid");
  }
  return issues;
}

export interface CompetitionContext {
  title: string;
  announcementWorkingDays: number;
  openedAt: string | null;
  /** The application window's end; DEADLINE_PASSED closes applications then. */
  closesAt: string | null;
  closedAt: string | null;
  forcedClose: { at: string; reason: string; entriesLacking: number } | null;
  publishedAt: string | null;
  /** End of the 公示: N working days after publication. */
  announcementEndsAt: string | null;
  announcementOver: boolean;
  finalizedAt: string | null;
  archivedAt: string | null;
}

/** One judge on one entry, as an assignment step plans it (the service computes it; the effect writes it). */
export interface JudgePlanLine {
  entryId: string;
  judgeId: string;
  organizationId: string;
}

export type CompetitionEvent =
  | { type: "OPEN"; at: string; settings: CompetitionSettingsFacts }
  | { type: "CLOSE_APPLICATIONS"; at: string }
  | { type: "START_SCREENING"; at: string }
  | { type: "START_JUDGING"; at: string; eligibleEntries: number }
  | { type: "CLOSE_JUDGING"; at: string; entriesLacking: number; force?: boolean; reason?: string }
  | { type: "REOPEN_JUDGING"; at: string; reason: string }
  | { type: "PUBLISH"; at: string }
  | { type: "FINALIZE"; at: string; pendingObjections: number }
  | { type: "START_PROJECTS"; at: string }
  | { type: "ARCHIVE"; at: string; activeProjects: number }
  | { type: "DEADLINE_PASSED"; at: string }
  | { type: "AUTO_ASSIGN"; at: string; plan: JudgePlanLine[] }
  | { type: "ASSIGN_JUDGE"; at: string; plan: JudgePlanLine[] }
  | { type: "UNASSIGN_JUDGE"; at: string; entryId: string; judgeId: string };

export type CompetitionEventType = CompetitionEvent["type"];

export interface CompetitionInput {
  title: string;
  announcementWorkingDays?: number;
}

const hasText = (value: unknown) => typeof value === "string" && value.trim().length > 0;
const reached = (at: string, due: string | null) => due !== null && Date.parse(at) >= Date.parse(due);

export const competitionMachine = setup({
  types: {
    context: {} as CompetitionContext,
    events: {} as CompetitionEvent,
    input: {} as CompetitionInput,
  },
  guards: {
    settingsValid: ({ event }) => event.type === "OPEN" && settingsIssues(event.settings).length === 0,
    windowEnded: ({ context, event }) => reached(event.at, context.closesAt),
    hasEligibleEntries: ({ event }) => event.type === "START_JUDGING" && event.eligibleEntries > 0,
    allEntriesScored: ({ event }) => event.type === "CLOSE_JUDGING" && event.entriesLacking === 0,
    forcedWithReason: ({ event }) => event.type === "CLOSE_JUDGING" && event.force === true && hasText(event.reason),
    hasReason: ({ event }) => event.type === "REOPEN_JUDGING" && hasText(event.reason),
    /** The 公示 period ran out and that is not recorded yet (repeated sweeps change nothing). */
    announcementRanOut: ({ context, event }) => !context.announcementOver && reached(event.at, context.announcementEndsAt),
    announcementOverAndNoObjectionsPending: ({ context, event }) =>
      event.type === "FINALIZE" && context.announcementOver && event.pendingObjections === 0,
    noActiveProjects: ({ event }) => event.type === "ARCHIVE" && event.activeProjects === 0,
    /** Automatic assignment has something to do: an entry under review is short of judges. */
    judgesStillNeeded: ({ event }) => (event.type === "AUTO_ASSIGN" || event.type === "ASSIGN_JUDGE") && event.plan.length > 0,
  },
  actions: {
    recordOpened: assign(({ event }) =>
      event.type === "OPEN"
        ? { openedAt: event.at, closesAt: event.settings.closesAt, announcementWorkingDays: event.settings.announcementWorkingDays }
        : {},
    ),
    recordClosed: assign(({ event }) => ({ closedAt: event.at })),
    recordForcedClose: assign(({ event }) =>
      event.type === "CLOSE_JUDGING" ? { forcedClose: { at: event.at, reason: event.reason ?? "", entriesLacking: event.entriesLacking } } : {},
    ),
    clearForcedClose: assign({ forcedClose: null }),
    startAnnouncement: assign(({ context, event }) => ({
      publishedAt: event.at,
      announcementEndsAt: periodEndsAt(event.at, { workingDays: context.announcementWorkingDays }).toISOString(),
      announcementOver: false,
    })),
    endAnnouncement: assign({ announcementOver: true }),
    recordFinalized: assign(({ event }) => ({ finalizedAt: event.at })),
    recordArchived: assign(({ event }) => ({ archivedAt: event.at })),
    /** Side effects (run by the engine after commit): entries follow the competition's steps. */
    screenEntries: () => {},
    startEntryReview: () => {},
    recordEntryScores: () => {},
    decideEntries: () => {},
    awardEntries: () => {},
    /** Side effects: judges assigned to, or taken off, entries (the plan travels in the event). */
    assignJudges: () => {},
    unassignJudge: () => {},
    /** Side effect: the 公示公告 of the funded projects is issued. */
    issueAnnouncement: () => {},
  },
}).createMachine({
  id: "competition",
  initial: "draft",
  context: ({ input }) => ({
    title: input.title,
    announcementWorkingDays: input.announcementWorkingDays ?? 5,
    openedAt: null,
    closesAt: null,
    closedAt: null,
    forcedClose: null,
    publishedAt: null,
    announcementEndsAt: null,
    announcementOver: false,
    finalizedAt: null,
    archivedAt: null,
  }),
  states: {
    /** Settings are edited; opening checks them. */
    draft: { on: { OPEN: { guard: "settingsValid", target: "open", actions: "recordOpened" } } },
    /** Organizations apply; the window closes by hand or when it ends. */
    open: {
      on: {
        CLOSE_APPLICATIONS: { target: "closed", actions: "recordClosed" },
        DEADLINE_PASSED: { guard: "windowEnded", target: "closed", actions: "recordClosed" },
      },
    },
    closed: { on: { START_SCREENING: { target: "screening", actions: "screenEntries" } } },
    /** Automatic eligibility screening ran; the regulator reviews it. */
    screening: { on: { START_JUDGING: { guard: "hasEligibleEntries", target: "judging", actions: "startEntryReview" } } },
    /** Judges score; every change of who judges what is a step of the competition (one at a time). */
    judging: {
      on: {
        AUTO_ASSIGN: { guard: "judgesStillNeeded", actions: "assignJudges" },
        ASSIGN_JUDGE: { guard: "judgesStillNeeded", actions: "assignJudges" },
        UNASSIGN_JUDGE: { actions: "unassignJudge" },
        CLOSE_JUDGING: [
          { guard: "allEntriesScored", target: "ranking", actions: ["clearForcedClose", "recordEntryScores"] },
          { guard: "forcedWithReason", target: "ranking", actions: ["recordForcedClose", "recordEntryScores"] },
        ],
      },
    },
    /** Final scores, ranking and the funding plan; the panel discusses disagreements. */
    ranking: {
      on: {
        REOPEN_JUDGING: { guard: "hasReason", target: "judging" },
        PUBLISH: { target: "announcing", actions: ["startAnnouncement", "decideEntries", "issueAnnouncement"] },
      },
    },
    /** The public announcement (公示) for N working days; objections are taken. */
    announcing: {
      on: {
        DEADLINE_PASSED: { guard: "announcementRanOut", actions: "endAnnouncement" },
        FINALIZE: { guard: "announcementOverAndNoObjectionsPending", target: "finalized", actions: ["recordFinalized", "awardEntries"] },
      },
    },
    /** Results final; awarded organizations sign their agreements. */
    finalized: { on: { START_PROJECTS: { target: "running" } } },
    running: { on: { ARCHIVE: { guard: "noActiveProjects", target: "archived", actions: "recordArchived" } } },
    archived: { type: "final" },
  },
});

export type CompetitionState = StateValueFrom<typeof competitionMachine>;

/** The judges' panel may still change: until judging closes. */
export const COMPETITION_PANEL_OPEN_STATES = ["draft", "open", "closed", "screening", "judging"] as const satisfies readonly CompetitionState[];
/** Applications are in and being reviewed, before the results are announced (the public page says so). */
export const COMPETITION_UNDER_REVIEW_STATES = ["closed", "screening", "judging", "ranking"] as const satisfies readonly CompetitionState[];
/** Judging is over: every entry has its score, so the ranking can be shown. */
export const COMPETITION_SCORED_STATES = ["ranking", "announcing", "finalized", "running", "archived"] as const satisfies readonly CompetitionState[];
/** The results are public: from the announcement (公示) on. */
export const COMPETITION_PUBLISHED_STATES = ["announcing", "finalized", "running", "archived"] as const satisfies readonly CompetitionState[];
/** The awards are final: funding is committed and paid from here on. */
export const COMPETITION_FINALIZED_STATES = ["finalized", "running", "archived"] as const satisfies readonly CompetitionState[];
