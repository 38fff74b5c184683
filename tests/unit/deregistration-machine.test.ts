/**
 * The deregistration machine: every allowed and every forbidden transition, and every guard.
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { DEREGISTRATION_PERIODS, deregistrationMachine, type DeregistrationEvent, type DeregistrationOrgType } from "@machines/deregistration.machine";

type Snapshot = SnapshotFrom<typeof deregistrationMachine>;
const T0 = "2026-03-02T02:00:00.000Z";
const at = (days: number) => new Date(new Date(T0).getTime() + days * 86_400_000).toISOString();

type EventInput = DeregistrationEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

function start(orgType: DeregistrationOrgType = "foundation"): Snapshot {
  return getInitialSnapshot(deregistrationMachine, { orgType, reason: "宗旨已实现" });
}

function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as DeregistrationEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(deregistrationMachine, snapshot, full)[0];
}

function refuses(snapshot: Snapshot, event: EventInput) {
  expect(snapshot.can({ at: T0, ...event } as DeregistrationEvent)).toBe(false);
}

const CONSENT = { type: "RECORD_SPONSOR_CONSENT", note: "业务主管单位同意注销（文号 2026-1）" } as const;
const LIQUIDATE = { type: "START_LIQUIDATION", liquidationGroup: "张三（组长）、李四、王五" } as const;
const REPORT = { type: "SUBMIT_LIQUIDATION_REPORT", reportCount: 1 } as const;
const APPROVE = { type: "APPROVE_REVIEW", assetsHandedTo: "银川市慈善总会" } as const;
// 45 calendar days from the day after 2 March 2026: the notice ends at 24:00 on 16 April (Shanghai).
const NOTICE_ENDS = "2026-04-16T15:59:59.999Z";
const END_NOTICE = { type: "DEADLINE_PASSED", at: NOTICE_ENDS } as const;
const RETURNED = { type: "RECORD_CERTIFICATES_RETURNED", note: "登记证书正副本、印章已缴回" } as const;

const ALL_EVENTS: EventInput[] = [
  CONSENT,
  LIQUIDATE,
  REPORT,
  { type: "RETURN_TO_LIQUIDATION", items: "补充审计意见" },
  APPROVE,
  { type: "RAISE_OBJECTION", text: "尚有未清偿债务" },
  END_NOTICE,
  RETURNED,
  { type: "WITHDRAW", reason: "决定继续运营" },
];

const ACCEPTED: Record<string, string[]> = {
  // START_LIQUIDATION needs the consent on file first (see guards).
  application: ["RECORD_SPONSOR_CONSENT", "WITHDRAW"],
  liquidation: ["SUBMIT_LIQUIDATION_REPORT", "WITHDRAW"],
  review: ["APPROVE_REVIEW", "RETURN_TO_LIQUIDATION"],
  notice: ["RAISE_OBJECTION", "DEADLINE_PASSED"],
  certificates: ["RECORD_CERTIFICATES_RETURNED"],
  deregistered: [],
  withdrawn: [],
};

const run = (events: EventInput[], orgType?: DeregistrationOrgType) => events.reduce(send, start(orgType));

const REACH: Record<string, () => Snapshot> = {
  application: () => start(),
  liquidation: () => run([CONSENT, LIQUIDATE]),
  review: () => run([CONSENT, LIQUIDATE, REPORT]),
  notice: () => run([CONSENT, LIQUIDATE, REPORT, APPROVE]),
  certificates: () => run([CONSENT, LIQUIDATE, REPORT, APPROVE, END_NOTICE]),
  deregistered: () => run([CONSENT, LIQUIDATE, REPORT, APPROVE, END_NOTICE, RETURNED]),
  withdrawn: () => run([{ type: "WITHDRAW", reason: "继续运营" }]),
};

describe("deregistration machine: the transition table", () => {
  for (const [state, reach] of Object.entries(REACH)) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing (final)"}`, () => {
      const snapshot = reach();
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) {
        expect(snapshot.can({ at: T0, ...event } as DeregistrationEvent), `${state} + ${event.type}`).toBe(ACCEPTED[state]!.includes(event.type));
      }
    });
  }
});

describe("deregistration machine: paths and effects", () => {
  it("runs to deregistered, marking the organization exiting at liquidation and deregistered at the end", () => {
    const [, liquidationActions] = transition(deregistrationMachine, send(start(), CONSENT), { at: T0, ...LIQUIDATE });
    expect(liquidationActions.map((a) => a.type)).toContain("markExiting");
    const notice = REACH.notice!();
    expect(DEREGISTRATION_PERIODS.notice).toEqual({ days: 45 });
    expect(notice.context.dueAt).toBe(NOTICE_ENDS);
    expect(notice.context.assetsHandedTo).toBe("银川市慈善总会");
    const [done, actions] = transition(deregistrationMachine, REACH.certificates!(), { at: T0, ...RETURNED });
    expect(done.value).toBe("deregistered");
    expect(done.status).toBe("done");
    expect(actions.map((a) => a.type)).toContain("markDeregistered");
  });

  it("sends an objection during the notice back to review, stopping the clock", () => {
    const s = send(REACH.notice!(), { type: "RAISE_OBJECTION", text: "尚有未清偿债务" });
    expect(s.value).toBe("review");
    expect(s.context.dueAt).toBeNull();
    expect(s.context.objections).toHaveLength(1);
  });

  it("returns a report to liquidation and restores the status when withdrawn during liquidation", () => {
    expect(send(REACH.review!(), { type: "RETURN_TO_LIQUIDATION", items: "补充" }).value).toBe("liquidation");
    const [, actions] = transition(deregistrationMachine, REACH.liquidation!(), { type: "WITHDRAW", at: T0, reason: "继续运营" });
    expect(actions.map((a) => a.type)).toContain("restoreRegistered");
  });
});

describe("deregistration machine: guards", () => {
  it("hasConsentNote: refuses an empty consent", () => refuses(start(), { type: "RECORD_SPONSOR_CONSENT", note: "" }));

  it("consentAndLiquidationGroup: needs the consent on file and a named group", () => {
    refuses(start(), LIQUIDATE);
    refuses(send(start(), CONSENT), { type: "START_LIQUIDATION", liquidationGroup: " " });
  });

  it("hasLiquidationReport: needs an uploaded report", () => refuses(REACH.liquidation!(), { type: "SUBMIT_LIQUIDATION_REPORT", reportCount: 0 }));

  it("hasReturnItems: a return says what is missing", () => refuses(REACH.review!(), { type: "RETURN_TO_LIQUIDATION", items: "" }));

  it("assetsSettled: foundations and 民非 name who received the assets; 社会团体 need not", () => {
    refuses(REACH.review!(), { type: "APPROVE_REVIEW", assetsHandedTo: "" });
    const agency = run([CONSENT, LIQUIDATE, REPORT], "socialServiceAgency");
    refuses(agency, { type: "APPROVE_REVIEW", assetsHandedTo: "" });
    const group = run([CONSENT, LIQUIDATE, REPORT], "socialGroup");
    expect(send(group, { type: "APPROVE_REVIEW", assetsHandedTo: "" }).value).toBe("notice");
  });

  it("hasObjection: an empty objection is refused", () => refuses(REACH.notice!(), { type: "RAISE_OBJECTION", text: "" }));

  it("noticeEnded: an early sweep changes nothing", () => refuses(REACH.notice!(), { type: "DEADLINE_PASSED", at: at(10) }));

  it("hasReturnNote: the return of certificate and seals is described", () =>
    refuses(REACH.certificates!(), { type: "RECORD_CERTIFICATES_RETURNED", note: "" }));

  it("hasWithdrawReason: a withdrawal needs a reason", () => refuses(start(), { type: "WITHDRAW", reason: "" }));
});
