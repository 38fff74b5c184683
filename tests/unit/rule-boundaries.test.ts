/**
 * Boundary tests for every time rule (docs/rules.md): the day before, the day of and the day after
 * each threshold, in Asia/Shanghai, including 29 February and month ends. Every expectation is a
 * date written out, so moving any threshold by one day (a constant, the counting of the starting
 * day, the month-end rule, the time zone) fails here.
 */
import { describe, expect, it } from "vitest";
import { getInitialSnapshot, transition, type SnapshotFrom } from "xstate";
import { annualReportMachine } from "@machines/annual-report.machine";
import { competitionMachine } from "@machines/competition.machine";
import { deregistrationMachine } from "@machines/deregistration.machine";
import { registrationMachine, type RegistrationEvent } from "@machines/registration.machine";
import { revocationMachine } from "@machines/revocation.machine";
import { endOfBeijingDay, exemptionCutoff, longestConsecutiveRun, owesAnnualReport } from "~/domain/annual-report";
import {
  CREDIT_PERIODS,
  UNREACHABLE_LETTER_INTERVAL,
  lettersShowUnreachable,
  promotionDay,
  promotionDue,
  seriousStayEndsDay,
  seriousStayOver,
  sixMonthRemovalDay,
  sixMonthRemovalDue,
} from "~/domain/credit";
import { addMonths, lastDayOf, periodEndsAt } from "~/domain/periods";

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** The three instants around the end of `lastDay` (Shanghai): the day before, the last moment of the day, the day after. */
const around = (lastDay: string) => {
  const next = lastDayOf(lastDay, { days: 1 });
  const before = lastDayOf(lastDay, { days: -1 });
  return { dayBefore: sh(`${before}T12:00:00`), dayOf: sh(`${lastDay}T23:59:59`), dayAfter: sh(`${next}T00:00:00`) };
};

describe("credit lists: two years on the abnormal list (第十四条第一款第（一）项)", () => {
  it("counts from the day after the listing to the corresponding day two years on, then promotes", () => {
    expect(CREDIT_PERIODS.abnormalToSerious).toEqual({ years: 2 });
    const listedAt = sh("2025-03-05T10:00:00");
    expect(promotionDay(listedAt)).toBe("2027-03-05");
    const { dayBefore, dayOf, dayAfter } = around("2027-03-05");
    expect(promotionDue(listedAt, dayBefore)).toBe(false);
    expect(promotionDue(listedAt, dayOf)).toBe(false);
    expect(promotionDue(listedAt, dayAfter)).toBe(true);
  });

  it("reckons the listing's day in Shanghai: 00:30 on 6 March there is still 5 March in UTC", () => {
    expect(promotionDay(sh("2025-03-05T23:30:00"))).toBe("2027-03-05");
    expect(promotionDay(sh("2025-03-06T00:30:00"))).toBe("2027-03-06");
    expect(sh("2025-03-06T00:30:00").toISOString().slice(0, 10)).toBe("2025-03-05");
  });

  it("ends a stay begun on 29 February on 28 February of a common year (no corresponding day)", () => {
    const listedAt = sh("2024-02-29T09:00:00");
    expect(promotionDay(listedAt)).toBe("2026-02-28");
    expect(promotionDue(listedAt, sh("2026-02-28T23:59:59"))).toBe(false);
    expect(promotionDue(listedAt, sh("2026-03-01T00:00:00"))).toBe(true);
    expect(promotionDay(sh("2026-02-28T09:00:00"))).toBe("2028-02-28"); // not the 29th of the leap year
  });
});

describe("credit lists: six months with nothing to cure (第十三条)", () => {
  it("ends at the month end where the corresponding day is missing: 31 August → end of February", () => {
    expect(CREDIT_PERIODS.abnormalWithoutCure).toEqual({ months: 6 });
    const listedAt = sh("2025-08-31T15:00:00");
    expect(sixMonthRemovalDay(listedAt)).toBe("2026-02-28");
    const { dayBefore, dayOf, dayAfter } = around("2026-02-28");
    expect(sixMonthRemovalDue(listedAt, dayBefore)).toBe(false);
    expect(sixMonthRemovalDue(listedAt, dayOf)).toBe(false);
    expect(sixMonthRemovalDue(listedAt, dayAfter)).toBe(true);
    expect(sixMonthRemovalDay(sh("2023-08-31T15:00:00"))).toBe("2024-02-29");
    expect(sixMonthRemovalDay(sh("2025-04-30T15:00:00"))).toBe("2025-10-30");
  });
});

describe("credit lists: the serious list's two-year stay (第十六条)", () => {
  it("runs two years from the serious listing, restarted by any later listing", () => {
    expect(CREDIT_PERIODS.seriousMinimumStay).toEqual({ years: 2 });
    const listedAt = sh("2024-02-29T10:00:00");
    expect(seriousStayEndsDay(listedAt)).toBe("2026-02-28");
    const { dayBefore, dayOf, dayAfter } = around("2026-02-28");
    expect(seriousStayOver(listedAt, [], dayBefore)).toBe(false);
    expect(seriousStayOver(listedAt, [], dayOf)).toBe(false);
    expect(seriousStayOver(listedAt, [], dayAfter)).toBe(true);
    const relisted = sh("2025-01-10T10:00:00");
    expect(seriousStayEndsDay(listedAt, [relisted])).toBe("2027-01-10");
    expect(seriousStayOver(listedAt, [relisted], dayAfter)).toBe(false);
  });
});

describe("credit lists: two letters to the registered domicile (第十条第二款)", () => {
  it("takes a second letter mailed 15 to 30 days after the first, not 14 or 31", () => {
    expect(UNREACHABLE_LETTER_INTERVAL).toEqual({ minDays: 15, maxDays: 30 });
    expect(lettersShowUnreachable("2026-02-14", "2026-02-28")).toBe(false);
    expect(lettersShowUnreachable("2026-02-14", "2026-03-01")).toBe(true);
    expect(lettersShowUnreachable("2026-02-14", "2026-03-16")).toBe(true);
    expect(lettersShowUnreachable("2026-02-14", "2026-03-17")).toBe(false);
    expect(lettersShowUnreachable("2024-02-14", "2024-02-29")).toBe(true); // 15 days in a leap February
    expect(lettersShowUnreachable("2024-02-14", "2024-02-28")).toBe(false);
  });
});

type RegistrationSnapshot = SnapshotFrom<typeof registrationMachine>;
function registration(orgType: "socialGroup" | "socialServiceAgency" | "foundation", events: RegistrationEvent[]): RegistrationSnapshot {
  return events.reduce((s, e) => transition(registrationMachine, s, e)[0], getInitialSnapshot(registrationMachine, { orgType, proposedName: "银川市边界测试会" }));
}
const ranOut = (s: RegistrationSnapshot, at: Date) => s.can({ type: "DEADLINE_PASSED", at: at.toISOString() });

describe("registration: statutory review periods (社团条例第十二、十五条, 民非条例第十一条, 基金会条例第十一条)", () => {
  const acceptedAt = sh("2026-01-05T10:00:00").toISOString();
  const accepted = (orgType: "socialGroup" | "socialServiceAgency" | "foundation") =>
    registration(orgType, [
      { type: "SUBMIT", at: acceptedAt, complete: true },
      { type: "ACCEPT", at: acceptedAt },
    ]);

  it.each([
    ["socialGroup preparation decision, 60 days", "socialGroup", "2026-03-06"],
    ["social service agency review, 60 days", "socialServiceAgency", "2026-03-06"],
    ["foundation review, 60 days", "foundation", "2026-03-06"],
  ] as const)("%s: accepted 5 January, the last day is %s", (_label, orgType, lastDay) => {
    const s = accepted(orgType);
    expect(s.context.dueAt).toBe(periodEndsAt(acceptedAt, { days: 60 }).toISOString());
    const { dayBefore, dayOf, dayAfter } = around(lastDay);
    expect(ranOut(s, dayBefore)).toBe(false);
    expect(ranOut(s, dayOf)).toBe(false);
    expect(ranOut(s, dayAfter)).toBe(true);
  });

  it("socialGroup registration review, 30 days: the last day is 4 February", () => {
    const founded = registration("socialGroup", [
      { type: "SUBMIT", at: acceptedAt, complete: true },
      { type: "ACCEPT", at: acceptedAt },
      { type: "APPROVE_PREPARATION", at: acceptedAt },
      { type: "RECORD_FOUNDING_MEETING", at: acceptedAt, meetingDate: acceptedAt },
      { type: "ACCEPT", at: acceptedAt },
    ]);
    expect(founded.value).toBe("review");
    const { dayBefore, dayOf, dayAfter } = around("2026-02-04");
    expect(ranOut(founded, dayBefore)).toBe(false);
    expect(ranOut(founded, dayOf)).toBe(false);
    expect(ranOut(founded, dayAfter)).toBe(true);
  });
});

describe("registration: the founding meeting within 6 months (社团条例第十四条)", () => {
  const preparing = (approvedAt: Date) =>
    registration("socialGroup", [
      { type: "SUBMIT", at: approvedAt.toISOString(), complete: true },
      { type: "ACCEPT", at: approvedAt.toISOString() },
      { type: "APPROVE_PREPARATION", at: approvedAt.toISOString() },
    ]);

  it("approved on 30 or 31 August: due on the last day of February, not 2 or 3 March", () => {
    expect(addMonths("2025-08-30", 6)).toBe("2026-02-28");
    for (const approved of ["2025-08-30T10:00:00", "2025-08-31T10:00:00"]) {
      const s = preparing(sh(approved));
      expect(s.context.dueAt).toBe(sh("2026-02-28T23:59:59.999").toISOString());
      // 28 February 2026 is a Saturday made a working day (调休): no move.
      const { dayBefore, dayOf, dayAfter } = around("2026-02-28");
      expect(ranOut(s, dayBefore)).toBe(false);
      expect(ranOut(s, dayOf)).toBe(false);
      expect(ranOut(s, dayAfter)).toBe(true);
    }
  });

  it("in a leap year ends on 29 February", () => {
    const s = preparing(sh("2023-08-31T10:00:00"));
    const { dayBefore, dayOf, dayAfter } = around("2024-02-29");
    expect(ranOut(s, dayBefore)).toBe(false);
    expect(ranOut(s, dayOf)).toBe(false);
    expect(ranOut(s, dayAfter)).toBe(true);
  });

  it("moves a last day on a rest day to the next working day (民法典第二百零三条): 5 July 2026 is a Sunday", () => {
    const s = preparing(sh("2026-01-05T10:00:00"));
    const { dayBefore, dayOf, dayAfter } = around("2026-07-06");
    expect(ranOut(s, sh("2026-07-05T23:59:59"))).toBe(false);
    expect(ranOut(s, dayBefore)).toBe(false);
    expect(ranOut(s, dayOf)).toBe(false);
    expect(ranOut(s, dayAfter)).toBe(true);
  });

  it("takes a meeting on the approval's day, refuses one the day before, and refuses one after the deadline", () => {
    const approvedAt = sh("2025-08-31T10:00:00");
    const s = preparing(approvedAt);
    const meeting = (date: string, at: string) => s.can({ type: "RECORD_FOUNDING_MEETING", at: sh(at).toISOString(), meetingDate: sh(`${date}T00:00:00`).toISOString() });
    expect(meeting("2025-08-30", "2025-09-10T09:00:00")).toBe(false);
    expect(meeting("2025-08-31", "2025-09-10T09:00:00")).toBe(true);
    expect(meeting("2025-09-01", "2025-09-10T09:00:00")).toBe(true);
    expect(meeting("2026-02-28", "2026-02-28T18:00:00")).toBe(true);
    expect(meeting("2026-03-01", "2026-03-01T18:00:00")).toBe(false);
  });
});

describe("exit gate: the hearing request, 5 working days (行政处罚法第六十四、八十五条)", () => {
  it("counts working days over National Day and a make-up Saturday", () => {
    const notifiedAt = sh("2026-09-29T10:00:00").toISOString();
    let s = getInitialSnapshot(revocationMachine, { ground: "missedInspections", grounds: "连续 2 年未年检" });
    for (const e of [{ type: "BEGIN_INVESTIGATION" }, { type: "RECORD_EVIDENCE", text: "证据" }, { type: "NOTIFY_HEARING_RIGHT" }] as const) s = transition(revocationMachine, s, { ...e, at: notifiedAt } as never)[0];
    // 30 Sept (1), 1–7 Oct holiday, 8 (2), 9 (3), Saturday 10 (make-up, 4), Monday 12 (5).
    const { dayBefore, dayOf, dayAfter } = around("2026-10-12");
    const lapsed = (at: Date) => s.can({ type: "DEADLINE_PASSED", at: at.toISOString() });
    const request = (at: Date) => s.can({ type: "REQUEST_HEARING", at: at.toISOString() });
    expect([lapsed(dayBefore), lapsed(dayOf), lapsed(dayAfter)]).toEqual([false, false, true]);
    expect([request(dayBefore), request(dayOf), request(dayAfter)]).toEqual([true, true, false]);
  });
});

describe("competition: 公示 for 5 working days", () => {
  it("counts over the Spring Festival and its make-up Saturday: published 12 February 2026, over after 26 February", () => {
    expect(periodEndsAt(sh("2026-02-12T15:00:00"), { workingDays: 5 }).toISOString()).toBe(sh("2026-02-26T23:59:59.999").toISOString());
    // 2022, from the years the demo's competitions span: published 28 January 2022 (Friday),
    // Saturday 29 and Sunday 30 are make-up days (1, 2), the holiday runs 31 Jan–6 Feb, then 7, 8, 9 Feb.
    expect(periodEndsAt(sh("2022-01-28T15:00:00"), { workingDays: 5 }).toISOString()).toBe(sh("2022-02-09T23:59:59.999").toISOString());
  });

  it("ends the announcement in the machine at 24:00 of the fifth working day", () => {
    const at = sh("2026-01-10T10:00:00").toISOString();
    const settings = {
      criteria: [{ id: "need", name: "需求", weight: 100, maxPoints: 10 }],
      tranchePlan: [{ percent: 100, trigger: "signing" }],
      totalBudgetFen: 100_000_000,
      perProjectCapFen: 10_000_000,
      opensAt: at,
      closesAt: sh("2026-01-20T00:00:00").toISOString(),
      announcementWorkingDays: 5,
    };
    const steps = [
      { type: "OPEN", settings },
      { type: "CLOSE_APPLICATIONS" },
      { type: "START_SCREENING" },
      { type: "START_JUDGING", eligibleEntries: 3 },
      { type: "CLOSE_JUDGING", entriesLacking: 0 },
    ];
    let s = getInitialSnapshot(competitionMachine, { title: "2026 公益创投" });
    for (const e of steps) s = transition(competitionMachine, s, { ...e, at } as never)[0];
    s = transition(competitionMachine, s, { type: "PUBLISH", at: sh("2026-02-12T15:00:00").toISOString() })[0];
    expect(s.value).toBe("announcing");
    expect(s.context.announcementEndsAt).toBe(sh("2026-02-26T23:59:59.999").toISOString());
    const { dayBefore, dayOf, dayAfter } = around("2026-02-26");
    const over = (when: Date) => s.can({ type: "DEADLINE_PASSED", at: when.toISOString() });
    expect([over(dayBefore), over(dayOf), over(dayAfter)]).toEqual([false, false, true]);
  });
});

describe("exit gate: the deregistration notice, 45 days", () => {
  it("started 2 March 2026: over after 16 April", () => {
    const startedAt = sh("2026-03-02T10:00:00").toISOString();
    let s = getInitialSnapshot(deregistrationMachine, { orgType: "socialGroup", reason: "宗旨已实现" });
    for (const e of [
      { type: "RECORD_SPONSOR_CONSENT", note: "同意" },
      { type: "START_LIQUIDATION", liquidationGroup: "清算组" },
      { type: "SUBMIT_LIQUIDATION_REPORT", reportCount: 1 },
      { type: "APPROVE_REVIEW", assetsHandedTo: "" },
    ] as const)
      s = transition(deregistrationMachine, s, { ...e, at: startedAt } as never)[0];
    expect(s.value).toBe("notice");
    const { dayBefore, dayOf, dayAfter } = around("2026-04-16");
    const ends = (at: Date) => s.can({ type: "DEADLINE_PASSED", at: at.toISOString() });
    expect([ends(dayBefore), ends(dayOf), ends(dayAfter)]).toEqual([false, false, true]);
  });
});

describe("annual reports: the registry deadline and the exemption", () => {
  it("goes overdue only after 24:00 on the registry deadline (Shanghai)", () => {
    const s = getInitialSnapshot(annualReportMachine, { year: 2025, sponsorDeadline: endOfBeijingDay("2026-03-31").toISOString(), registryDeadline: endOfBeijingDay("2026-05-31").toISOString() });
    const { dayBefore, dayOf, dayAfter } = around("2026-05-31");
    const overdue = (at: Date) => s.can({ type: "DEADLINE_PASSED", at: at.toISOString() });
    expect([overdue(dayBefore), overdue(sh("2026-05-31T23:59:59")), overdue(dayOf), overdue(dayAfter)]).toEqual([false, false, false, true]);
  });

  it("exempts an organization registered less than 6 months before 31 December: 30 June owes, 1 July does not", () => {
    expect(owesAnnualReport(sh("2024-06-29T10:00:00"), 2024)).toBe(true);
    expect(owesAnnualReport(sh("2024-06-30T10:00:00"), 2024)).toBe(true);
    expect(owesAnnualReport(sh("2024-07-01T10:00:00"), 2024)).toBe(false);
    expect(owesAnnualReport(sh("2024-07-01T00:30:00"), 2024)).toBe(false); // 30 June 16:30 UTC
    expect(owesAnnualReport(sh("2025-06-30T23:59:59"), 2025)).toBe(true);
    expect(exemptionCutoff(2024).toISOString()).toBe(sh("2024-07-01T00:00:00").toISOString());
  });

  it("the stored cutoff and the rule agree on every day of a leap and a common year", () => {
    for (const year of [2024, 2025]) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const noon = new Date(t + 4 * 3_600_000); // 12:00 in Shanghai
        expect(owesAnnualReport(noon, year), noon.toISOString()).toBe(noon < exemptionCutoff(year));
      }
    }
  });
});

describe("exit gate: revocation proposals count consecutive missed years", () => {
  it("takes 2023 and 2024 as two in a row, 2022 and 2024 as one", () => {
    expect(longestConsecutiveRun([2024, 2023])).toEqual([2023, 2024]);
    expect(longestConsecutiveRun([2022, 2024])).toEqual([2024]);
    expect(longestConsecutiveRun([2019, 2020, 2021, 2023, 2024])).toEqual([2019, 2020, 2021]);
    expect(longestConsecutiveRun([])).toEqual([]);
  });
});
