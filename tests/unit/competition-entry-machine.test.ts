/**
 * The competition-entry machine: every allowed and forbidden transition per state, and every guard.
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { competitionEntryMachine, dueTranches, upgradeEntrySnapshotFromV1, type EntryEvent, type ReportPayload } from "@machines/competition-entry.machine";

type Snapshot = SnapshotFrom<typeof competitionEntryMachine>;
const T0 = "2026-03-09T02:00:00.000Z";
type EventInput = EntryEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

const start = (): Snapshot =>
  getInitialSnapshot(competitionEntryMachine, { competitionId: "c1", trancheTriggers: ["signing", "midtermPass", "finalPass"] });
function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as EntryEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(competitionEntryMachine, snapshot, full)[0];
}
const can = (snapshot: Snapshot, event: EventInput) => snapshot.can({ at: T0, ...event } as EntryEvent);
const run = (events: EventInput[], from = start()) => events.reduce(send, from);

const SUBMIT = { type: "SUBMIT", complete: true, windowOpen: true } as const;
const ELIGIBLE: EventInput = { type: "SCREEN", eligible: true, reasons: [] };
const SELECT = { type: "DECIDE", selected: true, awardFen: 5_000_000 } as const;
/** A tranche payment as the regulator records it: the voucher and the amount travel with the event. */
const tranche = (trancheIndex: number): EventInput => ({ type: "RECORD_TRANCHE", trancheIndex, voucherNumber: `V-${trancheIndex}`, paidOn: "2026-07-01", amountFen: 1_000_000 });
const TERMINATE = { type: "TERMINATE", reason: "中期评估不合格", clawbackFen: 100_000 } as const;
const REPORT: ReportPayload = {
  narrative: "已开展助餐服务 48 次，建立志愿者队伍。",
  beneficiaries: 1260,
  spending: [
    { item: "项目人员劳务", category: "personnel", budgetFen: 2_000_000, spentFen: 950_000 },
    { item: "活动组织", category: "activities", budgetFen: 3_000_000, spentFen: 1_400_000 },
  ],
  attachmentIds: ["665f1c2e8a1b2c3d4e5f6a7b"],
};
const MIDTERM_REPORT = { type: "SUBMIT_MIDTERM_REPORT", report: REPORT } as const;
const FINAL_REPORT = { type: "SUBMIT_FINAL_REPORT", report: REPORT } as const;
const toSelected: EventInput[] = [SUBMIT, ELIGIBLE, { type: "START_REVIEW" }, { type: "RECORD_SCORES" }, SELECT];
const toContracted: EventInput[] = [...toSelected, { type: "AWARD" }, { type: "SIGN_AGREEMENT", agreementUploaded: true }];
const toInProgress: EventInput[] = [...toContracted, tranche(0)];
const toMidtermReported: EventInput[] = [...toInProgress, MIDTERM_REPORT];
const toMidtermPassed: EventInput[] = [...toMidtermReported, { type: "MIDTERM_REVIEW", passed: true, comment: "" }];
const toFinalReported: EventInput[] = [...toMidtermPassed, tranche(1), FINAL_REPORT];
const toFinalPassed: EventInput[] = [...toFinalReported, { type: "FINAL_REVIEW", passed: true, comment: "" }];

const REACH: Record<string, () => Snapshot> = {
  draft: () => start(),
  submitted: () => run([SUBMIT]),
  eligible: () => run([SUBMIT, ELIGIBLE]),
  ineligible: () => run([SUBMIT, { type: "SCREEN", eligible: false, reasons: ["overCap"] }]),
  returned: () => run([SUBMIT, ELIGIBLE, { type: "RETURN_FOR_CORRECTION", items: "补充预算表", windowOpen: true }]),
  underReview: () => run([SUBMIT, ELIGIBLE, { type: "START_REVIEW" }]),
  scored: () => run(toSelected.slice(0, 4)),
  selected: () => run(toSelected),
  notSelected: () => run([...toSelected.slice(0, 4), { type: "DECIDE", selected: false, awardFen: 0 }]),
  disqualified: () => run([...toSelected, { type: "DISQUALIFY", reason: "异议成立" }]),
  awarded: () => run([...toSelected, { type: "AWARD" }]),
  contracted: () => run(toContracted),
  inProgress: () => run(toInProgress),
  midtermReported: () => run(toMidtermReported),
  midtermPassed: () => run(toMidtermPassed),
  midtermFailed: () => run([...toMidtermReported, { type: "MIDTERM_REVIEW", passed: false, comment: "未按计划开展" }]),
  finalReported: () => run(toFinalReported),
  finalPassed: () => run(toFinalPassed),
  finalFailed: () => run([...toFinalReported, { type: "FINAL_REVIEW", passed: false, comment: "目标未达成" }]),
  completed: () => run([...toFinalPassed, tranche(2), { type: "COMPLETE" }]),
  terminated: () => run([...toInProgress, TERMINATE]),
  withdrawn: () => run([{ type: "WITHDRAW" }]),
};

const ALL_EVENTS: EventInput[] = [
  SUBMIT,
  { type: "RESUBMIT", complete: true, windowOpen: true },
  { type: "WITHDRAW" },
  ELIGIBLE,
  { type: "RETURN_FOR_CORRECTION", items: "补充", windowOpen: true },
  { type: "DECLARE_INELIGIBLE", reason: "非本市登记" },
  { type: "START_REVIEW" },
  { type: "RECORD_SCORES" },
  SELECT,
  { type: "DISQUALIFY", reason: "异议成立" },
  { type: "AWARD" },
  { type: "SIGN_AGREEMENT", agreementUploaded: true },
  MIDTERM_REPORT,
  FINAL_REPORT,
  { type: "MIDTERM_REVIEW", passed: true, comment: "" },
  { type: "FINAL_REVIEW", passed: true, comment: "" },
  { type: "COMPLETE" },
  TERMINATE,
];

const ACCEPTED: Record<string, string[]> = {
  draft: ["SUBMIT", "WITHDRAW"],
  submitted: ["WITHDRAW", "SCREEN"],
  eligible: ["WITHDRAW", "RETURN_FOR_CORRECTION", "DECLARE_INELIGIBLE", "START_REVIEW"],
  ineligible: ["RETURN_FOR_CORRECTION"],
  returned: ["RESUBMIT", "WITHDRAW"],
  underReview: ["RECORD_SCORES"],
  scored: ["DECIDE"],
  selected: ["DECIDE", "DISQUALIFY", "AWARD"],
  notSelected: ["DECIDE", "DISQUALIFY"],
  disqualified: [],
  awarded: ["TERMINATE"], // SIGN_AGREEMENT needs an uploaded agreement: see below
  contracted: ["TERMINATE"],
  inProgress: ["SUBMIT_MIDTERM_REPORT", "TERMINATE"],
  midtermReported: ["MIDTERM_REVIEW", "TERMINATE"],
  midtermPassed: ["SUBMIT_FINAL_REPORT", "TERMINATE"],
  midtermFailed: ["TERMINATE"],
  finalReported: ["FINAL_REVIEW", "TERMINATE"],
  finalPassed: [],
  finalFailed: ["TERMINATE"],
  completed: [],
  terminated: [],
  withdrawn: [],
};

describe("competition-entry machine: the transition table", () => {
  for (const [state, reach] of Object.entries(REACH)) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing else"}`, () => {
      const snapshot = reach();
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) {
        const expected = ACCEPTED[state]!.includes(event.type) || (state === "awarded" && event.type === "SIGN_AGREEMENT");
        expect(can(snapshot, event), `${state} + ${event.type}`).toBe(expected);
      }
    });
  }
});

describe("competition-entry machine: guards", () => {
  it("submits only a complete application while the window is open", () => {
    expect(can(start(), { type: "SUBMIT", complete: false, windowOpen: true })).toBe(false);
    expect(can(start(), { type: "SUBMIT", complete: true, windowOpen: false })).toBe(false);
    expect(can(REACH.returned!(), { type: "RESUBMIT", complete: false, windowOpen: true })).toBe(false);
    expect(can(REACH.returned!(), { type: "RESUBMIT", complete: true, windowOpen: false })).toBe(false);
    expect(send(REACH.returned!(), { type: "RESUBMIT", complete: true, windowOpen: true }).value).toBe("submitted");
  });

  it("records the automatic screening's reasons", () => {
    expect(REACH.ineligible!().context.screening?.reasons).toEqual(["overCap"]);
  });

  it("returns for correction only while the window is open and with the items named", () => {
    expect(can(REACH.eligible!(), { type: "RETURN_FOR_CORRECTION", items: "补充", windowOpen: false })).toBe(false);
    expect(can(REACH.eligible!(), { type: "RETURN_FOR_CORRECTION", items: " ", windowOpen: true })).toBe(false);
    expect(send(REACH.ineligible!(), { type: "RETURN_FOR_CORRECTION", items: "核减预算", windowOpen: true }).value).toBe("returned");
  });

  it("needs a reason to rule an entry ineligible or disqualify it", () => {
    expect(can(REACH.eligible!(), { type: "DECLARE_INELIGIBLE", reason: "" })).toBe(false);
    expect(can(REACH.selected!(), { type: "DISQUALIFY", reason: "" })).toBe(false);
  });

  it("selects only with a positive whole-fen award, and re-decides when the plan is recomputed", () => {
    expect(can(REACH.scored!(), { type: "DECIDE", selected: true, awardFen: 0 })).toBe(false);
    expect(can(REACH.scored!(), { type: "DECIDE", selected: true, awardFen: 10.5 })).toBe(false);
    const moved = send(REACH.notSelected!(), SELECT);
    expect(moved.value).toBe("selected");
    expect(moved.context.decision?.awardFen).toBe(5_000_000);
  });

  it("is contracted only when the agreement is uploaded", () => {
    expect(can(REACH.awarded!(), { type: "SIGN_AGREEMENT", agreementUploaded: false })).toBe(false);
  });

  it("pays a tranche only when its trigger happened, and never twice", () => {
    const contracted = REACH.contracted!();
    expect(dueTranches(contracted.context)).toEqual([0]);
    expect(can(contracted, tranche(1))).toBe(false);
    // The payment itself travels with the step: no voucher or no amount, no payment.
    expect(can(contracted, { ...tranche(0), voucherNumber: " " } as EventInput)).toBe(false);
    expect(can(contracted, { ...tranche(0), amountFen: 0 } as EventInput)).toBe(false);
    const inProgress = send(contracted, tranche(0));
    expect(can(inProgress, tranche(0))).toBe(false);
    const midterm = send(send(inProgress, MIDTERM_REPORT), { type: "MIDTERM_REVIEW", passed: true, comment: "" });
    expect(dueTranches(midterm.context)).toEqual([0, 1]);
    expect(can(midterm, tranche(1))).toBe(true);
    expect(can(midterm, tranche(2))).toBe(false);
  });

  it("fails a review only with a comment", () => {
    expect(can(REACH.midtermReported!(), { type: "MIDTERM_REVIEW", passed: false, comment: "" })).toBe(false);
    expect(can(REACH.finalReported!(), { type: "FINAL_REVIEW", passed: false, comment: " " })).toBe(false);
  });

  it("reviews only a submitted report: no review before the organization reports", () => {
    expect(can(REACH.inProgress!(), { type: "MIDTERM_REVIEW", passed: true, comment: "" })).toBe(false);
    expect(can(REACH.midtermPassed!(), { type: "FINAL_REVIEW", passed: true, comment: "" })).toBe(false);
  });

  it("accepts a report only when complete: text, beneficiaries, whole-fen spending per line, a file", () => {
    const inProgress = REACH.inProgress!();
    const incomplete: Partial<ReportPayload>[] = [
      { narrative: "  " },
      { beneficiaries: -1 },
      { beneficiaries: 2.5 },
      { spending: [] },
      { spending: [{ ...REPORT.spending[0]!, spentFen: -100 }] },
      { spending: [{ ...REPORT.spending[0]!, spentFen: 10.5 }] },
      { spending: [{ ...REPORT.spending[0]!, item: "" }] },
      { attachmentIds: [] },
    ];
    for (const change of incomplete) expect(can(inProgress, { type: "SUBMIT_MIDTERM_REPORT", report: { ...REPORT, ...change } }), JSON.stringify(change)).toBe(false);
    expect(can(inProgress, { type: "SUBMIT_MIDTERM_REPORT", report: { ...REPORT, beneficiaries: 0, spending: [{ ...REPORT.spending[0]!, spentFen: 0 }] } })).toBe(true);
  });

  it("records the submitted report with its time; a second submission is not possible", () => {
    const reported = REACH.midtermReported!();
    expect(reported.context.midtermReport).toEqual({ at: T0, ...REPORT });
    expect(can(reported, MIDTERM_REPORT)).toBe(false);
    const finalReported = REACH.finalReported!();
    expect(finalReported.context.finalReport).toEqual({ at: T0, ...REPORT });
    expect(can(finalReported, FINAL_REPORT)).toBe(false);
  });

  it("upgrades a version-1 snapshot: empty report slots, everything else kept", () => {
    const v1 = { status: "active", value: "midtermPassed", context: { competitionId: "c1", paidTranches: [0], midterm: { at: T0, passed: true, comment: "" } } };
    const upgraded = upgradeEntrySnapshotFromV1(v1) as typeof v1 & { context: Record<string, unknown> };
    expect(upgraded.value).toBe("midtermPassed");
    expect(upgraded.context).toEqual({ ...v1.context, midtermReport: null, finalReport: null });
  });

  it("completes only when every tranche is paid", () => {
    const finalPassed = REACH.finalPassed!();
    expect(can(finalPassed, { type: "COMPLETE" })).toBe(false);
    expect(send(send(finalPassed, tranche(2)), { type: "COMPLETE" }).value).toBe("completed");
  });

  it("terminates with the clawback recorded (whole fen ≥ 0, with a reason); nothing is due afterwards", () => {
    const failed = REACH.midtermFailed!();
    expect(can(failed, { ...TERMINATE, reason: "" })).toBe(false);
    expect(can(failed, { ...TERMINATE, clawbackFen: -1 })).toBe(false);
    const terminated = send(failed, TERMINATE);
    expect(terminated.context.termination).toEqual({ at: T0, reason: "中期评估不合格", clawbackFen: 100_000 });
    expect(dueTranches(terminated.context)).toEqual([]);
  });
});
