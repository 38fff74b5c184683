/**
 * The working-day calendar: weekends, public holidays and make-up working days (调休) for every
 * year the data spans (2015 onward), the same as the maintained `chinese-days` package day by day,
 * and a loud refusal for a year whose holiday notice is not published.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CalendarNotPublishedError, HOLIDAY_CALENDAR, PUBLISHED_YEARS, isWorkingDay, unpublishedYearOf } from "~/domain/working-days";
import { nthWorkingDayAfter, periodEndsAt, unpublishedYearFor } from "~/domain/periods";

const require = createRequire(import.meta.url);
const reference = require("chinese-days/dist/chinese-days.json") as { holidays: Record<string, string>; workdays: Record<string, string> };

describe("working-day calendar", () => {
  it("covers every year from 2015 (the oldest data) to the latest published notice", () => {
    expect(PUBLISHED_YEARS[0]).toBe(2015);
    for (let year = 2015; year <= PUBLISHED_YEARS[PUBLISHED_YEARS.length - 1]!; year++) expect(HOLIDAY_CALENDAR[year], String(year)).toBeDefined();
  });

  it("agrees with chinese-days on every day of every covered year (a stale generated table fails here)", () => {
    const mismatches: string[] = [];
    for (const year of PUBLISHED_YEARS) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        const weekday = new Date(t).getUTCDay();
        const expected = day in reference.workdays || (!(day in reference.holidays) && weekday !== 0 && weekday !== 6);
        if (isWorkingDay(day) !== expected) mismatches.push(day);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("treats plain weekdays as working days and plain weekends as rest days", () => {
    expect(isWorkingDay("2026-03-10")).toBe(true); // Tuesday
    expect(isWorkingDay("2026-03-14")).toBe(false); // Saturday
  });

  it("rests on public holidays that fall on weekdays, in old years too", () => {
    expect(isWorkingDay("2025-10-08")).toBe(false); // Wednesday, National Day
    expect(isWorkingDay("2022-02-04")).toBe(false); // Friday, Spring Festival 2022
    expect(isWorkingDay("2020-01-31")).toBe(false); // Friday, the 2020 Spring Festival extension
    expect(isWorkingDay("2015-09-03")).toBe(false); // Thursday, the 2015 commemoration day
  });

  it("works on make-up weekend days (调休)", () => {
    expect(isWorkingDay("2022-01-29")).toBe(true); // Saturday
    expect(isWorkingDay("2026-02-28")).toBe(true); // Saturday
    expect(isWorkingDay("2018-12-29")).toBe(true); // Saturday, made up for New Year 2019
  });

  it("refuses a year whose notice is not published instead of guessing Monday to Friday", () => {
    expect(() => isWorkingDay("2027-01-04")).toThrow(CalendarNotPublishedError);
    expect(() => isWorkingDay("2014-05-05")).toThrow(/2014/);
    expect(unpublishedYearOf("2027-03-01")).toBe(2027);
    expect(unpublishedYearOf("2026-03-01")).toBeNull();
    // A five-working-day period started on 28 December 2026 reaches 2027: refused, not counted.
    expect(() => periodEndsAt("2026-12-28T02:00:00.000Z", { workingDays: 5 })).toThrow(CalendarNotPublishedError);
  });

  it("tells a service which year a clock would need before it starts, so it can refuse with a message", () => {
    expect(unpublishedYearFor("2026-12-28T02:00:00.000Z", { workingDays: 5 })).toBe(2027);
    expect(unpublishedYearFor("2026-12-18T02:00:00.000Z", { workingDays: 5 })).toBeNull();
    // Calendar days not moved over rest days need no calendar at all.
    expect(unpublishedYearFor("2026-12-28T02:00:00.000Z", { days: 60 })).toBeNull();
  });

  it("counts N working days from the day after, across holidays and make-up days", () => {
    expect(nthWorkingDayAfter("2026-03-09", 5)).toBe("2026-03-16");
    // Tuesday 29 Sept 2026: 30 Sept, then National Day 1–7 Oct, Thursday 8, Friday 9, Saturday 10 (make-up), Monday 12.
    expect(nthWorkingDayAfter("2026-09-29", 5)).toBe("2026-10-12");
    expect(() => nthWorkingDayAfter("2026-03-09", 0)).toThrow(RangeError);
  });
});
