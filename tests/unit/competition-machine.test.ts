/**
 * The competition machine: every allowed and forbidden transition per state, and every guard.
 * Pure: no database, no clock (events carry `at`).
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { competitionMachine, settingsIssues, type CompetitionEvent, type CompetitionSettingsFacts } from "@machines/competition.machine";

type Snapshot = SnapshotFrom<typeof competitionMachine>;
const T0 = "2026-03-09T02:00:00.000Z"; // Monday 10:00 in Shanghai

const SETTINGS: CompetitionSettingsFacts = {
  criteria: [
    { id: "need", name: "需求", weight: 40, maxPoints: 10 },
    { id: "plan", name: "方案", weight: 60, maxPoints: 10 },
  ],
  tranchePlan: [
    { percent: 50, trigger: "signing" },
    { percent: 30, trigger: "midtermPass" },
    { percent: 20, trigger: "finalPass" },
  ],
  totalBudgetFen: 100_000_000,
  perProjectCapFen: 10_000_000,
  opensAt: "2026-03-01T00:00:00.000Z",
  closesAt: "2026-04-01T00:00:00.000Z",
  announcementWorkingDays: 5,
};

type EventInput = CompetitionEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

const start = (): Snapshot => getInitialSnapshot(competitionMachine, { title: "2026 公益创投" });
function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as CompetitionEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(competitionMachine, snapshot, full)[0];
}
const can = (snapshot: Snapshot, event: EventInput) => snapshot.can({ at: T0, ...event } as CompetitionEvent);
const run = (events: EventInput[]) => events.reduce(send, start());

const OPEN = { type: "OPEN", settings: SETTINGS } as const;
const PATH: EventInput[] = [
  OPEN,
  { type: "CLOSE_APPLICATIONS" },
  { type: "START_SCREENING" },
  { type: "START_JUDGING", eligibleEntries: 3 },
  { type: "CLOSE_JUDGING", entriesLacking: 0 },
  { type: "PUBLISH" },
  { type: "DEADLINE_PASSED", at: "2026-03-20T00:00:00.000Z" },
  { type: "FINALIZE", pendingObjections: 0 },
  { type: "START_PROJECTS" },
  { type: "ARCHIVE", activeProjects: 0 },
];
const STATES = ["draft", "open", "closed", "screening", "judging", "ranking", "announcing", "finalized", "running", "archived"];
/** How many events of PATH reach each state (the announcement needs its DEADLINE_PASSED before FINALIZE). */
const EVENTS_TO: Record<string, number> = { draft: 0, open: 1, closed: 2, screening: 3, judging: 4, ranking: 5, announcing: 6, finalized: 8, running: 9, archived: 10 };
const reach = (state: string) => run(PATH.slice(0, EVENTS_TO[state]));

const ALL_EVENTS: EventInput[] = [
  OPEN,
  { type: "CLOSE_APPLICATIONS" },
  { type: "START_SCREENING" },
  { type: "START_JUDGING", eligibleEntries: 3 },
  { type: "CLOSE_JUDGING", entriesLacking: 0 },
  { type: "REOPEN_JUDGING", reason: "复核" },
  { type: "PUBLISH" },
  { type: "FINALIZE", pendingObjections: 0 },
  { type: "START_PROJECTS" },
  { type: "ARCHIVE", activeProjects: 0 },
  { type: "DEADLINE_PASSED", at: "2027-01-01T00:00:00.000Z" },
];

const ACCEPTED: Record<string, string[]> = {
  draft: ["OPEN"],
  open: ["CLOSE_APPLICATIONS", "DEADLINE_PASSED"],
  closed: ["START_SCREENING"],
  screening: ["START_JUDGING"],
  judging: ["CLOSE_JUDGING"],
  ranking: ["REOPEN_JUDGING", "PUBLISH"],
  announcing: ["DEADLINE_PASSED"], // FINALIZE only after the period ran out
  finalized: ["START_PROJECTS"],
  running: ["ARCHIVE"],
  archived: [],
};

describe("competition machine: the transition table", () => {
  for (const state of STATES) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing (final)"}`, () => {
      const snapshot = reach(state);
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) expect(can(snapshot, event), `${state} + ${event.type}`).toBe(ACCEPTED[state]!.includes(event.type));
    });
  }

  it("walks the whole path from draft to archived", () => {
    expect(run(PATH).value).toBe("archived");
  });
});

describe("competition machine: guards", () => {
  it("opens only with valid settings, naming each broken rule", () => {
    expect(settingsIssues(SETTINGS)).toEqual([]);
    const broken = (patch: Partial<CompetitionSettingsFacts>) => settingsIssues({ ...SETTINGS, ...patch });
    expect(broken({ criteria: [{ id: "a", name: "甲", weight: 90, maxPoints: 10 }] })).toEqual(["rubricInvalid"]);
    expect(broken({ criteria: [{ id: "a", name: "甲", weight: 100, maxPoints: 0 }] })).toEqual(["rubricInvalid"]);
    expect(broken({ tranchePlan: [{ percent: 50, trigger: "signing" }, { percent: 40, trigger: "finalPass" }] })).toEqual(["tranchePlanNot100"]);
    expect(broken({ tranchePlan: [] })).toEqual(["tranchePlanEmpty"]);
    expect(broken({ totalBudgetFen: 0, perProjectCapFen: 0 })).toEqual(["budgetNotPositive", "capNotPositive"]);
    expect(broken({ perProjectCapFen: SETTINGS.totalBudgetFen + 1 })).toEqual(["capAboveBudget"]);
    expect(broken({ perProjectCapFen: SETTINGS.totalBudgetFen })).toEqual([]);
    expect(broken({ closesAt: SETTINGS.opensAt })).toEqual(["windowInvalid"]);
    expect(broken({ announcementWorkingDays: 0 })).toEqual(["announcementDaysInvalid"]);
    expect(can(start(), { type: "OPEN", settings: { ...SETTINGS, totalBudgetFen: -1 } })).toBe(false);
    expect(can(start(), OPEN)).toBe(true);
  });

  it("closes applications by DEADLINE_PASSED only once the window ended", () => {
    const open = run([OPEN]);
    expect(can(open, { type: "DEADLINE_PASSED", at: "2026-03-31T23:59:59.000Z" })).toBe(false);
    const closed = send(open, { type: "DEADLINE_PASSED", at: SETTINGS.closesAt });
    expect(closed.value).toBe("closed");
  });

  it("starts judging only with eligible entries", () => {
    expect(can(reach("screening"), { type: "START_JUDGING", eligibleEntries: 0 })).toBe(false);
  });

  it("refuses to close judging while entries lack scores, unless forced with a reason (recorded)", () => {
    const judging = reach("judging");
    expect(can(judging, { type: "CLOSE_JUDGING", entriesLacking: 2 })).toBe(false);
    expect(can(judging, { type: "CLOSE_JUDGING", entriesLacking: 2, force: true, reason: "  " })).toBe(false);
    const forced = send(judging, { type: "CLOSE_JUDGING", entriesLacking: 2, force: true, reason: "评委因病缺席" });
    expect(forced.value).toBe("ranking");
    expect(forced.context.forcedClose).toEqual({ at: T0, reason: "评委因病缺席", entriesLacking: 2 });
  });

  it("reopens judging from ranking only with a reason", () => {
    expect(can(reach("ranking"), { type: "REOPEN_JUDGING", reason: "" })).toBe(false);
    expect(send(reach("ranking"), { type: "REOPEN_JUDGING", reason: "分差过大" }).value).toBe("judging");
  });

  it("announces for N Chinese working days; DEADLINE_PASSED ends it once; then FINALIZE needs no pending objections", () => {
    const announcing = reach("announcing");
    expect(announcing.context.publishedAt).toBe(T0);
    expect(announcing.context.announcementEndsAt).toBe("2026-03-16T15:59:59.999Z");
    expect(can(announcing, { type: "DEADLINE_PASSED", at: "2026-03-16T15:59:59.000Z" })).toBe(false);
    const over = send(announcing, { type: "DEADLINE_PASSED", at: "2026-03-16T15:59:59.999Z" });
    expect(over.value).toBe("announcing");
    expect(over.context.announcementOver).toBe(true);
    expect(can(over, { type: "DEADLINE_PASSED", at: "2026-03-20T00:00:00.000Z" })).toBe(false); // repeated sweeps change nothing
    expect(can(over, { type: "FINALIZE", pendingObjections: 1 })).toBe(false);
    expect(send(over, { type: "FINALIZE", pendingObjections: 0 }).value).toBe("finalized");
  });

  it("uses the configured number of working days", () => {
    const snapshot = run([{ ...OPEN, settings: { ...SETTINGS, announcementWorkingDays: 7 } }, ...PATH.slice(1, 6)]);
    expect(snapshot.context.announcementEndsAt).toBe("2026-03-18T15:59:59.999Z");
  });

  it("archives only when no project is still running", () => {
    expect(can(reach("running"), { type: "ARCHIVE", activeProjects: 1 })).toBe(false);
  });
});
