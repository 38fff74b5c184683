/**
 * The revocation machine: every allowed and every forbidden transition, and every guard.
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { hearingRequestDeadline, REVOCATION_PERIODS, revocationMachine, type RevocationEvent } from "@machines/revocation.machine";

type Snapshot = SnapshotFrom<typeof revocationMachine>;
const T0 = "2026-06-10T02:00:00.000Z";
const at = (days: number) => new Date(new Date(T0).getTime() + days * 86_400_000).toISOString();

type EventInput = RevocationEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

const start = (): Snapshot => getInitialSnapshot(revocationMachine, { ground: "missedInspections", grounds: "连续两年未参加年检" });

function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as RevocationEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(revocationMachine, snapshot, full)[0];
}

function refuses(snapshot: Snapshot, event: EventInput) {
  expect(snapshot.can({ at: T0, ...event } as RevocationEvent)).toBe(false);
}

const run = (events: EventInput[]) => events.reduce(send, start());
const EVIDENCE = { type: "RECORD_EVIDENCE", text: "2024、2025 年度年报均未报送" } as const;
const NOTIFY = { type: "NOTIFY_HEARING_RIGHT" } as const;
// Five working days after Wednesday 10 June 2026: 11, 12, 15, 16, 17 June; the clock runs out at the end of the 17th.
const HEARING_REQUEST_ENDS = "2026-06-17T15:59:59.999Z";
const LATE = { type: "DEADLINE_PASSED", at: HEARING_REQUEST_ENDS } as const;

const ALL_EVENTS: EventInput[] = [
  { type: "BEGIN_INVESTIGATION" },
  EVIDENCE,
  NOTIFY,
  { type: "REQUEST_HEARING", at: at(1) },
  { type: "RECORD_HEARING", record: "听证笔录" },
  LATE,
  { type: "DECIDE_REVOKE", reason: "连续两年未年检" },
  { type: "CLOSE_CASE", reason: "已补报" },
  { type: "RECORD_SERVICE", method: "直接送达" },
];

const ACCEPTED: Record<string, string[]> = {
  opened: ["BEGIN_INVESTIGATION", "CLOSE_CASE"],
  // NOTIFY_HEARING_RIGHT needs evidence on file (see guards).
  investigation: ["RECORD_EVIDENCE", "CLOSE_CASE"],
  hearingNotice: ["REQUEST_HEARING", "DEADLINE_PASSED"],
  hearing: ["RECORD_HEARING"],
  decision: ["DECIDE_REVOKE", "CLOSE_CASE"],
  service: ["RECORD_SERVICE"],
  revoked: [],
  closed: [],
};

const REACH: Record<string, () => Snapshot> = {
  opened: start,
  investigation: () => run([{ type: "BEGIN_INVESTIGATION" }]),
  hearingNotice: () => run([{ type: "BEGIN_INVESTIGATION" }, EVIDENCE, NOTIFY]),
  hearing: () => run([{ type: "BEGIN_INVESTIGATION" }, EVIDENCE, NOTIFY, { type: "REQUEST_HEARING", at: at(1) }]),
  decision: () => run([{ type: "BEGIN_INVESTIGATION" }, EVIDENCE, NOTIFY, LATE]),
  service: () => run([{ type: "BEGIN_INVESTIGATION" }, EVIDENCE, NOTIFY, LATE, { type: "DECIDE_REVOKE", reason: "连续两年未年检" }]),
  revoked: () => run([{ type: "BEGIN_INVESTIGATION" }, EVIDENCE, NOTIFY, LATE, { type: "DECIDE_REVOKE", reason: "理由" }, { type: "RECORD_SERVICE", method: "邮寄送达" }]),
  closed: () => run([{ type: "CLOSE_CASE", reason: "不予立案" }]),
};

describe("revocation machine: the transition table", () => {
  for (const [state, reach] of Object.entries(REACH)) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing (final)"}`, () => {
      const snapshot = reach();
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) {
        expect(snapshot.can({ at: T0, ...event } as RevocationEvent), `${state} + ${event.type}`).toBe(ACCEPTED[state]!.includes(event.type));
      }
    });
  }
});

describe("revocation machine: paths and effects", () => {
  it("goes through a requested hearing to a decision, and revokes only when served", () => {
    let s = send(REACH.hearing!(), { type: "RECORD_HEARING", record: "当事人陈述申辩" });
    expect(s.value).toBe("decision");
    expect(s.context.hearing?.record).toBe("当事人陈述申辩");
    s = send(s, { type: "DECIDE_REVOKE", reason: "理由" });
    const [revoked, actions] = transition(revocationMachine, s, { type: "RECORD_SERVICE", at: T0, method: "直接送达" });
    expect(revoked.value).toBe("revoked");
    expect(actions.map((a) => a.type)).toContain("markRevoked");
    expect(revoked.context.decision?.outcome).toBe("revoked");
  });

  it("the hearing notice starts a clock of REVOCATION_PERIODS.hearingRequest (5 working days, to 24:00 of the last)", () => {
    expect(REVOCATION_PERIODS.hearingRequest).toEqual({ workingDays: 5 });
    expect(REACH.hearingNotice!().context.dueAt).toBe(HEARING_REQUEST_ENDS);
  });

  it("a decision may close the case instead", () => {
    const closed = send(REACH.decision!(), { type: "CLOSE_CASE", reason: "已整改" });
    expect(closed.value).toBe("closed");
    expect(closed.context.decision?.outcome).toBe("closed");
  });
});

describe("revocation machine: guards", () => {
  it("hasEvidenceText: empty evidence is refused", () => refuses(REACH.investigation!(), { type: "RECORD_EVIDENCE", text: "" }));
  it("evidenceOnFile: no hearing notice without evidence", () => refuses(REACH.investigation!(), NOTIFY));
  it("withinHearingDeadline: a request after the deadline is refused", () =>
    refuses(REACH.hearingNotice!(), { type: "REQUEST_HEARING", at: HEARING_REQUEST_ENDS }));
  it("hearingDeadlinePassed: an early sweep changes nothing", () => refuses(REACH.hearingNotice!(), { type: "DEADLINE_PASSED", at: at(1) }));
  it("withinHearingDeadline: a deadline announced earlier than the calendar in force now counts (a provisional count) yields to the later one, never the reverse", () => {
    const noticed = REACH.hearingNotice!();
    // As if the notice had been counted to one day earlier than the calendar now counts (the provisional rule, before the year's notice was out).
    const announcedEarly = { ...noticed, context: { ...noticed.context, dueAt: "2026-06-16T15:59:59.999Z" } } as Snapshot;
    expect(hearingRequestDeadline(announcedEarly.context)?.toISOString()).toBe(HEARING_REQUEST_ENDS);
    expect(announcedEarly.can({ type: "REQUEST_HEARING", at: "2026-06-17T08:00:00.000Z" })).toBe(true);
    expect(announcedEarly.can({ type: "DEADLINE_PASSED", at: "2026-06-17T08:00:00.000Z" })).toBe(false);
    // A deadline announced later than the count stands: the organization relies on the notice.
    const announcedLate = { ...noticed, context: { ...noticed.context, dueAt: "2026-06-18T15:59:59.999Z" } } as Snapshot;
    expect(hearingRequestDeadline(announcedLate.context)?.toISOString()).toBe("2026-06-18T15:59:59.999Z");
    expect(announcedLate.can({ type: "REQUEST_HEARING", at: "2026-06-18T08:00:00.000Z" })).toBe(true);
  });
  it("hasHearingRecord: the hearing's record is required", () => refuses(REACH.hearing!(), { type: "RECORD_HEARING", record: " " }));
  it("hasDecisionReason: a revocation states its reason", () => refuses(REACH.decision!(), { type: "DECIDE_REVOKE", reason: "" }));
  it("hasCloseReason: closing states its reason", () => refuses(REACH.opened!(), { type: "CLOSE_CASE", reason: "" }));
  it("hasServiceMethod: service says how it was served", () => refuses(REACH.service!(), { type: "RECORD_SERVICE", method: "" }));
});
