/**
 * Chinese working days: weekends, public holidays and make-up working days (调休) from the table.
 */
import { describe, expect, it } from "vitest";
import { HOLIDAY_CALENDAR, isWorkingDay, nthWorkingDayAfter, workingDaysDeadline } from "~/domain/working-days";

describe("working days", () => {
  it("treats plain weekdays as working days and plain weekends as rest days", () => {
    expect(isWorkingDay("2026-03-10")).toBe(true); // Tuesday
    expect(isWorkingDay("2026-03-14")).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-15")).toBe(false); // Sunday
  });

  it("rests on public holidays that fall on weekdays", () => {
    expect(isWorkingDay("2025-10-08")).toBe(false); // Wednesday, National Day
    expect(isWorkingDay("2026-02-16")).toBe(false); // Monday, Spring Festival
    expect(isWorkingDay("2026-05-05")).toBe(false);
  });

  it("works on make-up weekend days (调休)", () => {
    expect(isWorkingDay("2025-09-28")).toBe(true); // Sunday
    expect(isWorkingDay("2026-02-14")).toBe(true); // Saturday
    expect(isWorkingDay("2026-01-04")).toBe(true); // Sunday
  });

  it("has every year 2025–2027, make-up days only on weekends and holidays not on make-up days", () => {
    for (const year of [2025, 2026, 2027]) {
      const table = HOLIDAY_CALENDAR[year]!;
      expect(table.holidays.length).toBeGreaterThan(10);
      for (const day of table.makeUpWorkdays) {
        expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
        expect(table.holidays).not.toContain(day);
      }
    }
  });

  it("counts N working days from the day after, skipping weekends", () => {
    // Monday 2026-03-09: five working days are Tue..Fri and the next Monday.
    expect(nthWorkingDayAfter("2026-03-09", 5)).toBe("2026-03-16");
    expect(nthWorkingDayAfter("2026-03-13", 1)).toBe("2026-03-16");
  });

  it("skips the National Day week and counts the Saturday make-up day", () => {
    // Published Tuesday 2026-09-29: Wed 30th, (1–7 Oct off), Thu 8th, Fri 9th, Sat 10th (调休), Mon 12th.
    expect(nthWorkingDayAfter("2026-09-29", 5)).toBe("2026-10-12");
  });

  it("ends at midnight Shanghai after the last working day", () => {
    // Published Monday 2026-03-09 10:00 Shanghai → ends 2026-03-17 00:00 Shanghai = 03-16T16:00Z.
    expect(workingDaysDeadline("2026-03-09T02:00:00.000Z", 5).toISOString()).toBe("2026-03-16T16:00:00.000Z");
  });

  it("refuses a count below one", () => {
    expect(() => nthWorkingDayAfter("2026-03-09", 0)).toThrow(RangeError);
  });
});
