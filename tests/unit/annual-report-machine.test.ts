/**
 * The annual-report machine: every allowed and every forbidden transition, and every guard.
 * Pure: no database, no clock (events carry `at`).
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { ANNUAL_REPORT_MACHINE_VERSION, annualReportMachine, upgradeAnnualReportSnapshotFromV1, type AnnualReportEvent } from "@machines/annual-report.machine";

type Snapshot = SnapshotFrom<typeof annualReportMachine>;
const T0 = "2026-04-01T02:00:00.000Z";
const REGISTRY_DEADLINE = "2026-05-31T16:00:00.000Z";
const at = (days: number) => new Date(new Date(T0).getTime() + days * 86_400_000).toISOString();

function start(): Snapshot {
  return getInitialSnapshot(annualReportMachine, { year: 2025, sponsorDeadline: "2026-03-31T16:00:00.000Z", registryDeadline: REGISTRY_DEADLINE });
}

type EventInput = AnnualReportEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as AnnualReportEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(annualReportMachine, snapshot, full)[0];
}

function refuses(snapshot: Snapshot, event: EventInput) {
  expect(snapshot.can({ at: T0, ...event } as AnnualReportEvent)).toBe(false);
}

const run = (events: EventInput[]) => events.reduce(send, start());

const SUBMIT = { type: "SUBMIT", complete: true } as const;
const OPINION = { type: "RECORD_SPONSOR_OPINION", opinion: "同意" } as const;
const RETURN = { type: "RETURN_FOR_CORRECTION", items: "补充审计报告" } as const;
const RESUBMIT = { type: "RESUBMIT", complete: true } as const;
const BASIC = { type: "CONCLUDE", result: "basicallyQualified", note: "" } as const;
const RECTIFY = { type: "OPEN_RECTIFICATION", items: "健全财务制度", deadline: at(30) } as const;
const ANSWER = { type: "ANSWER_RECTIFICATION", answer: "已整改", evidenceCount: 1 } as const;

/** Valid payloads of every event (DEADLINE_PASSED late enough for both clocks). */
const ALL_EVENTS: EventInput[] = [
  SUBMIT,
  OPINION,
  RETURN,
  RESUBMIT,
  { type: "CONCLUDE", result: "qualified", note: "" },
  RECTIFY,
  ANSWER,
  { type: "ACCEPT_RECTIFICATION" },
  { type: "ESCALATE", reason: "整改未完成" },
  { type: "DEADLINE_PASSED", at: at(400) },
  { type: "ORGANIZATION_EXITED", status: "revoked" },
];

const ACCEPTED: Record<string, string[]> = {
  draft: ["SUBMIT", "DEADLINE_PASSED", "ORGANIZATION_EXITED"],
  overdue: ["SUBMIT", "ORGANIZATION_EXITED"],
  submitted: ["RECORD_SPONSOR_OPINION", "RETURN_FOR_CORRECTION"],
  sponsorReviewed: ["RETURN_FOR_CORRECTION", "CONCLUDE"],
  returned: ["RESUBMIT"],
  resubmitted: ["RETURN_FOR_CORRECTION", "RECORD_SPONSOR_OPINION", "CONCLUDE"],
  qualified: [],
  basicallyQualified: ["OPEN_RECTIFICATION"],
  unqualified: ["OPEN_RECTIFICATION"],
  // ESCALATE here needs the deadline to have passed first (see the guard test).
  rectification: ["ANSWER_RECTIFICATION", "DEADLINE_PASSED"],
  rectificationAnswered: ["ACCEPT_RECTIFICATION", "ESCALATE"],
  closed: [],
  escalated: [],
  exited: [],
};

const REACH: Record<string, () => Snapshot> = {
  draft: () => start(),
  overdue: () => run([{ type: "DEADLINE_PASSED", at: at(61) }]),
  submitted: () => run([SUBMIT]),
  sponsorReviewed: () => run([SUBMIT, OPINION]),
  returned: () => run([SUBMIT, OPINION, RETURN]),
  resubmitted: () => run([SUBMIT, OPINION, RETURN, RESUBMIT]),
  qualified: () => run([SUBMIT, OPINION, { type: "CONCLUDE", result: "qualified", note: "" }]),
  basicallyQualified: () => run([SUBMIT, OPINION, BASIC]),
  unqualified: () => run([SUBMIT, OPINION, { type: "CONCLUDE", result: "unqualified", note: "财务混乱" }]),
  rectification: () => run([SUBMIT, OPINION, BASIC, RECTIFY]),
  rectificationAnswered: () => run([SUBMIT, OPINION, BASIC, RECTIFY, ANSWER]),
  closed: () => run([SUBMIT, OPINION, BASIC, RECTIFY, ANSWER, { type: "ACCEPT_RECTIFICATION" }]),
  escalated: () => run([SUBMIT, OPINION, BASIC, RECTIFY, ANSWER, { type: "ESCALATE", reason: "证据不足" }]),
  exited: () => run([{ type: "ORGANIZATION_EXITED", status: "deregistered" }]),
};

describe("annual-report machine: the transition table", () => {
  for (const [state, reach] of Object.entries(REACH)) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing (final)"}`, () => {
      const snapshot = reach();
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) {
        const accepted = snapshot.can({ at: T0, ...event } as AnnualReportEvent);
        expect(accepted, `${state} + ${event.type}`).toBe(ACCEPTED[state]!.includes(event.type));
      }
    });
  }
});

describe("annual-report machine: paths and effects", () => {
  it("files, gets the sponsor's opinion, is returned, resubmitted and concluded 合格", () => {
    let s = run([SUBMIT, OPINION, RETURN]);
    expect(s.context.corrections.map((c) => c.items)).toEqual(["补充审计报告"]);
    s = send(s, RESUBMIT);
    s = send(s, { type: "CONCLUDE", result: "qualified", note: "材料齐全" });
    expect(s.value).toBe("qualified");
    expect(s.context.result).toBe("qualified");
    expect(s.status).toBe("done");
  });

  it("goes overdue at the registry deadline with the listing effect, and still takes a late filing", () => {
    const [overdue, actions] = transition(annualReportMachine, start(), { type: "DEADLINE_PASSED", at: at(61) });
    expect(overdue.value).toBe("overdue");
    expect(actions.map((a) => a.type)).toContain("listLateReport");
    const late = send(overdue, SUBMIT);
    expect(late.value).toBe("submitted");
    expect(late.context.late).toBe(true);
  });

  it("runs a rectification: opened with items and a deadline, answered with evidence, accepted", () => {
    const s = REACH.closed!();
    expect(s.context.rectification).toMatchObject({ items: "健全财务制度", answer: "已整改", evidenceCount: 1, outcome: "accepted" });
  });

  it("escalation lists the organization for a rectification not done", () => {
    const [, actions] = transition(annualReportMachine, REACH.rectificationAnswered!(), { type: "ESCALATE", at: T0, reason: "未整改" });
    expect(actions.map((a) => a.type)).toContain("listRectificationNotDone");
  });
});

describe("annual-report machine: guards", () => {
  it("reportComplete: refuses an incomplete filing or refiling", () => {
    refuses(start(), { type: "SUBMIT", complete: false });
    refuses(REACH.overdue!(), { type: "SUBMIT", complete: false });
    refuses(REACH.returned!(), { type: "RESUBMIT", complete: false });
  });

  it("hasOpinion: refuses an empty sponsoring-unit opinion", () => {
    refuses(REACH.submitted!(), { type: "RECORD_SPONSOR_OPINION", opinion: "  " });
  });

  it("hasCorrectionItems: refuses a return that says nothing", () => {
    refuses(REACH.sponsorReviewed!(), { type: "RETURN_FOR_CORRECTION", items: "" });
  });

  it("concludes*: each result goes to its own state; an unknown result is refused", () => {
    expect(send(REACH.sponsorReviewed!(), { type: "CONCLUDE", result: "unqualified", note: "" }).value).toBe("unqualified");
    expect(send(REACH.resubmitted!(), BASIC).value).toBe("basicallyQualified");
    refuses(REACH.sponsorReviewed!(), { type: "CONCLUDE", result: "excellent", note: "" });
  });

  it("hasRectificationItems: needs items and a deadline after today", () => {
    refuses(REACH.basicallyQualified!(), { ...RECTIFY, items: " " });
    refuses(REACH.basicallyQualified!(), { ...RECTIFY, deadline: at(-1) });
    refuses(REACH.unqualified!(), { ...RECTIFY, deadline: "soon" });
  });

  it("hasEvidence: an answer needs text and at least one file", () => {
    refuses(REACH.rectification!(), { ...ANSWER, evidenceCount: 0 });
    refuses(REACH.rectification!(), { ...ANSWER, answer: "" });
  });

  it("hasReason: escalating an answered rectification needs a reason", () => {
    refuses(REACH.rectificationAnswered!(), { type: "ESCALATE", reason: "" });
  });

  it("rectificationClockRanOut and rectificationLapsedWithReason: an unanswered rectification escalates only after its deadline", () => {
    const open = REACH.rectification!();
    refuses(open, { type: "ESCALATE", reason: "逾期未整改" });
    refuses(open, { type: "DEADLINE_PASSED", at: at(10) });
    const lapsed = send(open, { type: "DEADLINE_PASSED", at: at(31) });
    expect(lapsed.value).toBe("rectification");
    expect(lapsed.context.rectification?.overdue).toBe(true);
    refuses(lapsed, { type: "DEADLINE_PASSED", at: at(32) });
    refuses(lapsed, { type: "ESCALATE", reason: "" });
    expect(send(lapsed, { type: "ESCALATE", reason: "逾期未整改" }).value).toBe("escalated");
  });

  it("registryDeadlinePassed: an early sweep changes nothing", () => {
    refuses(start(), { type: "DEADLINE_PASSED", at: at(59) });
    expect(send(start(), { type: "DEADLINE_PASSED", at: REGISTRY_DEADLINE }).value).toBe("overdue");
  });
});

describe("annual-report machine: exits and the spending check (v2)", () => {
  it("closes an unfiled report when the organization exits, before or after the deadline, and nothing is listed later", () => {
    const exited = send(start(), { type: "ORGANIZATION_EXITED", status: "revoked", at: at(10) });
    expect(exited.value).toBe("exited");
    expect(exited.status).toBe("done");
    expect(exited.context.exit).toEqual({ at: at(10), status: "revoked" });
    refuses(exited, { type: "DEADLINE_PASSED", at: at(400) });
    expect(send(REACH.overdue!(), { type: "ORGANIZATION_EXITED", status: "deregistered" }).value).toBe("exited");
    refuses(REACH.submitted!(), { type: "ORGANIZATION_EXITED", status: "revoked" });
  });

  it("keeps the spending check the conclusion was made on", () => {
    const spending = { rule: "publicFundraising", minPercent: 70, ratioBasisPoints: 4810, meets: false };
    const concluded = send(REACH.sponsorReviewed!(), { type: "CONCLUDE", result: "basicallyQualified", note: "公益支出不足", spending });
    expect(concluded.context.spending).toEqual(spending);
    expect(send(REACH.sponsorReviewed!(), { type: "CONCLUDE", result: "qualified", note: "" }).context.spending).toBeNull();
  });

  it("upgrades a v1 snapshot with no spending and no exit", () => {
    expect(ANNUAL_REPORT_MACHINE_VERSION).toBe(2);
    const v1 = JSON.parse(JSON.stringify({ value: "qualified", context: { ...REACH.qualified!().context, spending: undefined, exit: undefined } }));
    const upgraded = upgradeAnnualReportSnapshotFromV1(v1) as { value: string; context: { spending: unknown; exit: unknown; year: number } };
    expect(upgraded).toMatchObject({ value: "qualified", context: { spending: null, exit: null, year: 2025 } });
  });
});
