/**
 * The entry-gate machine: every allowed and every forbidden transition, and every guard.
 * Pure: no database, no clock (events carry `at`).
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { REGISTRATION_MACHINE_VERSION, REGISTRATION_PERIODS, registrationMachine, upgradeRegistrationSnapshotFromV1, type RegistrationEvent, type RegistrationOrgType } from "@machines/registration.machine";

type Snapshot = SnapshotFrom<typeof registrationMachine>;
const T0 = "2026-01-05T02:00:00.000Z";
const at = (days: number) => new Date(new Date(T0).getTime() + days * 86_400_000).toISOString();

function start(orgType: RegistrationOrgType = "socialServiceAgency"): Snapshot {
  return getInitialSnapshot(registrationMachine, { orgType, proposedName: "银川市测试服务中心" });
}

type EventInput = RegistrationEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> & { at?: string } : never) : never;

function send(snapshot: Snapshot, event: EventInput): Snapshot {
  const full = { at: T0, ...event } as RegistrationEvent;
  expect(snapshot.can(full), `${String(snapshot.value)} should accept ${full.type}`).toBe(true);
  return transition(registrationMachine, snapshot, full)[0];
}

function refuses(snapshot: Snapshot, event: EventInput) {
  expect(snapshot.can({ at: T0, ...event } as RegistrationEvent)).toBe(false);
}

function run(orgType: RegistrationOrgType, events: EventInput[]): Snapshot {
  return events.reduce(send, start(orgType));
}

const SUBMIT = { type: "SUBMIT", complete: true } as const;
const ALL_EVENTS: EventInput[] = [
  SUBMIT,
  { type: "ACCEPT" },
  { type: "REQUEST_CORRECTION", items: "补充章程" },
  { type: "RESUBMIT", complete: true },
  { type: "RECORD_SPONSOR_OPINION", opinion: "同意" },
  { type: "APPROVE_PREPARATION" },
  { type: "RECORD_FOUNDING_MEETING", meetingDate: T0 },
  { type: "APPROVE" },
  { type: "DENY", reason: "名称不符合规定" },
  { type: "WITHDRAW", reason: "暂不申请" },
  { type: "DEADLINE_PASSED", at: at(400) },
];

/** Which event types each state accepts (with valid payloads); everything else is refused. */
const ACCEPTED: Record<string, string[]> = {
  draft: ["SUBMIT", "WITHDRAW"],
  submitted: ["ACCEPT", "REQUEST_CORRECTION", "RECORD_SPONSOR_OPINION", "WITHDRAW"],
  correction: ["RESUBMIT", "WITHDRAW"],
  preparationReview: ["APPROVE_PREPARATION", "REQUEST_CORRECTION", "RECORD_SPONSOR_OPINION", "DENY", "WITHDRAW", "DEADLINE_PASSED"],
  preparing: ["RECORD_FOUNDING_MEETING", "WITHDRAW", "DEADLINE_PASSED"],
  review: ["APPROVE", "DENY", "REQUEST_CORRECTION", "RECORD_SPONSOR_OPINION", "WITHDRAW", "DEADLINE_PASSED"],
  registered: [],
  denied: [],
  withdrawn: [],
  lapsed: [],
};

const REACH: Record<string, () => Snapshot> = {
  draft: () => start(),
  submitted: () => run("socialServiceAgency", [SUBMIT]),
  correction: () => run("socialServiceAgency", [SUBMIT, { type: "REQUEST_CORRECTION", items: "补充材料" }]),
  preparationReview: () => run("socialGroup", [SUBMIT, { type: "ACCEPT" }]),
  preparing: () => run("socialGroup", [SUBMIT, { type: "ACCEPT" }, { type: "APPROVE_PREPARATION" }]),
  review: () => run("socialServiceAgency", [SUBMIT, { type: "ACCEPT" }]),
  registered: () => run("socialServiceAgency", [SUBMIT, { type: "ACCEPT" }, { type: "APPROVE" }]),
  denied: () => run("socialServiceAgency", [SUBMIT, { type: "ACCEPT" }, { type: "DENY", reason: "不符合条件" }]),
  withdrawn: () => run("socialServiceAgency", [{ type: "WITHDRAW", reason: "不再申请" }]),
  lapsed: () => run("socialGroup", [SUBMIT, { type: "ACCEPT" }, { type: "APPROVE_PREPARATION" }, { type: "DEADLINE_PASSED", at: at(200) }]),
};

describe("registration machine: the transition table", () => {
  for (const [state, reach] of Object.entries(REACH)) {
    it(`in ${state}, accepts exactly ${ACCEPTED[state]!.join(", ") || "nothing (final)"}`, () => {
      const snapshot = reach();
      expect(snapshot.value).toBe(state);
      for (const event of ALL_EVENTS) {
        const accepted = snapshot.can({ at: T0, ...event } as RegistrationEvent);
        expect(accepted, `${state} + ${event.type}`).toBe(ACCEPTED[state]!.includes(event.type));
      }
    });
  }
});

describe("registration machine: paths", () => {
  it("takes a 民非 straight from acceptance to review, with a 60-day clock, to registered", () => {
    const review = run("socialServiceAgency", [SUBMIT, { type: "ACCEPT" }]);
    expect(review.value).toBe("review");
    expect(REGISTRATION_PERIODS.review.socialServiceAgency).toEqual({ days: 60 });
    // Accepted on 5 January (Shanghai): day 1 is 6 January, day 60 is 6 March, over at its end.
    expect(review.context.dueAt).toBe("2026-03-06T15:59:59.999Z");
    const registered = send(review, { type: "APPROVE" });
    expect(registered.value).toBe("registered");
    expect(registered.context.decision?.outcome).toBe("approved");
    expect(registered.status).toBe("done");
  });

  it("takes a 社会团体 through preparation (60 days) and the founding meeting (6 months) before a 30-day review", () => {
    const preparationReview = run("socialGroup", [SUBMIT, { type: "ACCEPT" }]);
    expect(preparationReview.value).toBe("preparationReview");
    expect(preparationReview.context.dueAt).toBe("2026-03-06T15:59:59.999Z");
    const preparing = send(preparationReview, { type: "APPROVE_PREPARATION" });
    expect(preparing.context.preparationApprovedAt).toBe(T0);
    expect(preparing.context.dueAt).toBe("2026-07-05T15:59:59.999Z");
    const filed = send(preparing, { type: "RECORD_FOUNDING_MEETING", meetingDate: T0 });
    expect(filed.value).toBe("submitted");
    expect(filed.context.phase).toBe("registration");
    const review = send(filed, { type: "ACCEPT" });
    expect(review.value).toBe("review");
    expect(review.context.dueAt).toBe("2026-02-04T15:59:59.999Z");
  });

  it("returns a corrected file to acceptance, keeping every correction request", () => {
    let s = run("foundation", [SUBMIT, { type: "REQUEST_CORRECTION", items: "补充验资报告" }]);
    expect(s.value).toBe("correction");
    s = send(s, { type: "RESUBMIT", complete: true });
    expect(s.value).toBe("submitted");
    s = send(s, { type: "ACCEPT" });
    s = send(s, { type: "REQUEST_CORRECTION", items: "补充理事名单" });
    expect(s.context.corrections.map((c) => c.items)).toEqual(["补充验资报告", "补充理事名单"]);
    expect(s.context.dueAt).toBeNull();
  });

  it("emits the registerOrganization effect only on approval", () => {
    const review = run("socialServiceAgency", [SUBMIT, { type: "ACCEPT" }]);
    const [, actions] = transition(registrationMachine, review, { type: "APPROVE", at: T0 });
    expect(actions.map((a) => a.type)).toContain("registerOrganization");
    const [, denyActions] = transition(registrationMachine, review, { type: "DENY", at: T0, reason: "理由" });
    expect(denyActions.map((a) => a.type)).not.toContain("registerOrganization");
  });
});

describe("registration machine: guards", () => {
  it("applicationComplete: refuses to submit or resubmit an incomplete file", () => {
    refuses(start(), { type: "SUBMIT", complete: false });
    const correction = REACH.correction!();
    refuses(correction, { type: "RESUBMIT", complete: false });
  });

  it("hasCorrectionItems: refuses a correction request that says nothing", () => {
    refuses(REACH.submitted!(), { type: "REQUEST_CORRECTION", items: "   " });
  });

  it("hasReason: refuses a denial or withdrawal without a reason", () => {
    refuses(REACH.review!(), { type: "DENY", reason: "" });
    refuses(REACH.draft!(), { type: "WITHDRAW", reason: " " });
  });

  it("hasOpinion: refuses an empty sponsoring-unit opinion, records a real one without moving", () => {
    refuses(REACH.review!(), { type: "RECORD_SPONSOR_OPINION", opinion: "" });
    const s = send(REACH.review!(), { type: "RECORD_SPONSOR_OPINION", opinion: "同意成立" });
    expect(s.value).toBe("review");
    expect(s.context.sponsorOpinion?.opinion).toBe("同意成立");
  });

  it("meetingDuringPreparation: refuses a founding meeting dated after today, before the approval, or not a date", () => {
    refuses(REACH.preparing!(), { type: "RECORD_FOUNDING_MEETING", meetingDate: at(3) });
    refuses(REACH.preparing!(), { type: "RECORD_FOUNDING_MEETING", meetingDate: at(-1) });
    refuses(REACH.preparing!(), { type: "RECORD_FOUNDING_MEETING", meetingDate: "not a date" });
  });

  it("clockRanOut: ignores an early deadline event, marks overdue once, and then changes nothing", () => {
    const review = REACH.review!();
    refuses(review, { type: "DEADLINE_PASSED", at: at(10) });
    const overdue = send(review, { type: "DEADLINE_PASSED", at: at(61) });
    expect(overdue.value).toBe("review");
    expect(overdue.context.overdue).toBe(true);
    refuses(overdue, { type: "DEADLINE_PASSED", at: at(62) });
  });

  it("upgrades a v1 snapshot: the approval time was not kept, so it is null and any meeting up to today is taken", () => {
    const v1 = { value: "preparing", context: { ...REACH.preparing!().context, preparationApprovedAt: undefined } };
    const upgraded = upgradeRegistrationSnapshotFromV1(JSON.parse(JSON.stringify(v1)));
    expect((upgraded.context as { preparationApprovedAt: unknown }).preparationApprovedAt).toBeNull();
    expect(REGISTRATION_MACHINE_VERSION).toBe(2);
  });

  it("lets preparation lapse when the founding meeting is not held within 6 months", () => {
    const preparing = REACH.preparing!();
    refuses(preparing, { type: "DEADLINE_PASSED", at: at(100) });
    const lapsed = send(preparing, { type: "DEADLINE_PASSED", at: at(190) });
    expect(lapsed.value).toBe("lapsed");
    expect(lapsed.context.decision?.outcome).toBe("lapsed");
  });
});
