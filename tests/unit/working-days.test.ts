/**
 * The working-day calendar: weekends, public holidays and make-up working days (调休) for every
 * year the data spans (2015 onward), the same as the maintained `chinese-days` package day by day,
 * the provisional rule for the years whose notice is not out yet (marked as such), and a loud
 * refusal for a year the calendar cannot count at all.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { LUNAR_STATUTORY_HOLIDAYS } from "~/domain/holiday-calendar";
import { CalendarNotPublishedError, HOLIDAY_CALENDAR, PROVISIONAL_YEARS, PUBLISHED_YEARS, isProvisionalDay, isWorkingDay, provisionalYear, unpublishedYearOf } from "~/domain/working-days";
import { countedOnProvisionalCalendar, extendedDeadline, nthWorkingDayAfter, periodEndsAt, unpublishedYearFor } from "~/domain/periods";

const require = createRequire(import.meta.url);
const reference = require("chinese-days/dist/chinese-days.json") as { holidays: Record<string, string>; workdays: Record<string, string> };
const lunar = require("chinese-days") as { getLunarDate: (day: string) => { lunarMon: number; lunarDay: number; isLeap: boolean }; getSolarTerms: (start: string, end: string) => { date: string; term: string }[] };

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

  it("refuses a year the calendar cannot count at all: before 2015, or past the provisional table", () => {
    expect(() => isWorkingDay("2014-05-05")).toThrow(CalendarNotPublishedError);
    expect(() => isWorkingDay("2014-05-05")).toThrow(/2014/);
    const pastTable = PROVISIONAL_YEARS[PROVISIONAL_YEARS.length - 1]! + 1;
    expect(() => isWorkingDay(`${pastTable}-03-01`)).toThrow(CalendarNotPublishedError);
    expect(unpublishedYearOf(`${pastTable}-03-01`)).toBe(pastTable);
    expect(unpublishedYearOf("2027-03-01")).toBeNull();
    expect(unpublishedYearOf("2026-03-01")).toBeNull();
  });

  it("tells a service which year a clock would need before it starts, so it can refuse with a message", () => {
    const pastTable = PROVISIONAL_YEARS[PROVISIONAL_YEARS.length - 1]! + 1;
    expect(unpublishedYearFor(`${pastTable - 1}-12-28T02:00:00.000Z`, { workingDays: 5 })).toBe(pastTable);
    expect(unpublishedYearFor("2026-12-28T02:00:00.000Z", { workingDays: 5 })).toBeNull();
    // Calendar days not moved over rest days need no calendar at all.
    expect(unpublishedYearFor(`${pastTable - 1}-12-28T02:00:00.000Z`, { days: 60 })).toBeNull();
  });

  it("counts N working days from the day after, across holidays and make-up days", () => {
    expect(nthWorkingDayAfter("2026-03-09", 5)).toBe("2026-03-16");
    // Tuesday 29 Sept 2026: 30 Sept, then National Day 1–7 Oct, Thursday 8, Friday 9, Saturday 10 (make-up), Monday 12.
    expect(nthWorkingDayAfter("2026-09-29", 5)).toBe("2026-10-12");
    expect(() => nthWorkingDayAfter("2026-03-09", 0)).toThrow(RangeError);
  });
});

describe("provisional calendar for a year whose notice is not out (全国年节及纪念日放假办法, 2024)", () => {
  it("covers the ten years after the last published notice, and marks exactly those days provisional", () => {
    const last = PUBLISHED_YEARS[PUBLISHED_YEARS.length - 1]!;
    expect(PROVISIONAL_YEARS).toEqual(Array.from({ length: 10 }, (_, i) => last + 1 + i));
    expect(isProvisionalDay(`${last}-12-31`)).toBe(false);
    expect(isProvisionalDay(`${last + 1}-01-01`)).toBe(true);
  });

  it("rests on the fixed-date holidays: 元旦 1 January, 劳动节 1–2 May, 国庆 1–3 October", () => {
    for (const day of ["2027-01-01", "2027-05-03", "2027-05-04", "2027-10-01", "2027-10-04", "2027-10-05"]) expect(isWorkingDay(day), day).toBe(false);
    // 1 May 2027 is a Saturday and 2 May a Sunday: each gives a make-up rest day (第六条), Monday 3 and Tuesday 4 May.
    expect(isWorkingDay("2027-05-05")).toBe(true);
    // 2 and 3 October 2027 fall on the weekend: Monday 4 and Tuesday 5 rest, Wednesday 6 works.
    expect(isWorkingDay("2027-10-06")).toBe(true);
  });

  it("rests on the lunar holidays: 春节 from 除夕 to 初三 with the weekend's make-up days, 清明, 端午, 中秋", () => {
    // 除夕 Friday 5 February 2027, 初一–初三 Saturday 6 to Monday 8; Saturday and Sunday make up on Tuesday 9 and Wednesday 10.
    for (const day of ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"]) expect(isWorkingDay(day), day).toBe(false);
    expect(isWorkingDay("2027-02-04")).toBe(true);
    expect(isWorkingDay("2027-02-11")).toBe(true);
    expect(isWorkingDay("2027-04-05")).toBe(false); // 清明, Monday
    expect(isWorkingDay("2027-06-09")).toBe(false); // 端午, Wednesday
    expect(isWorkingDay("2027-09-15")).toBe(false); // 中秋, Wednesday
    // No make-up working days (调休) are guessed: every Saturday stays a rest day.
    expect(isWorkingDay("2027-02-20")).toBe(false);
  });

  it("takes the lunar holidays from chinese-days' lunar calendar (a stale generated table fails here)", () => {
    for (const [year, compact] of Object.entries(LUNAR_STATUTORY_HOLIDAYS)) {
      const days = provisionalYear(Number(year)).holidays;
      const qingming = lunar.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.term === "pure_brightness")!.date;
      expect(days.has(qingming), `${year} 清明 ${qingming}`).toBe(true);
      const named = [...days].filter((day) => {
        const l = lunar.getLunarDate(day);
        return !l.isLeap && ((l.lunarMon === 1 && l.lunarDay <= 3) || (l.lunarMon === 5 && l.lunarDay === 5) || (l.lunarMon === 8 && l.lunarDay === 15));
      });
      // 初一–初三, 端午 and 中秋 (five days) are all there; 除夕 is the day before 初一.
      expect(named.length, `${year}: ${compact}`).toBe(5);
      const newYear = named.find((day) => lunar.getLunarDate(day).lunarMon === 1 && lunar.getLunarDate(day).lunarDay === 1)!;
      expect(days.has(new Date(Date.parse(`${newYear}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)), `${year} 除夕`).toBe(true);
    }
  });

  it("never calls a day a working day that the 2025 and 2026 notices made a rest day for a statutory holiday", () => {
    // The notices of the first two years under the 2024 amendment: every rest day the provisional rule derives is a rest day there too.
    for (const year of [2025, 2026]) {
      const published = HOLIDAY_CALENDAR[year]!;
      for (const day of provisionalYear(year).holidays) expect(published.holidays.has(day), day).toBe(true);
    }
  });

  it("counts a 5-working-day deadline across 31 December 2026 into 2027 and marks it provisional", () => {
    // Monday 28 December 2026: 29, 30, 31 December, then 元旦 Friday 1 January and the weekend, Monday 4 and Tuesday 5 January.
    const deadline = periodEndsAt("2026-12-28T02:00:00.000Z", { workingDays: 5 });
    expect(deadline.toISOString()).toBe("2027-01-05T15:59:59.999Z");
    expect(countedOnProvisionalCalendar(deadline)).toBe(true);
    // Thursday 24 December 2026: the fifth working day is 31 December, on the published calendar.
    const inYear = periodEndsAt("2026-12-24T02:00:00.000Z", { workingDays: 5 });
    expect(inYear.toISOString()).toBe("2026-12-31T15:59:59.999Z");
    expect(countedOnProvisionalCalendar(inYear)).toBe(false);
    // 23:30 on 31 December in Shanghai is still 2026 there: counted from 1 January 2027.
    expect(periodEndsAt("2026-12-31T15:30:00.000Z", { workingDays: 1 }).toISOString()).toBe("2027-01-04T15:59:59.999Z");
  });

  it("counts a deadline inside 2027 over the Spring Festival and moves a last day off a provisional rest day", () => {
    // Thursday 4 February 2027: rest 5–10 February; 11, 12, 15, 16, 17.
    expect(nthWorkingDayAfter("2027-02-04", 5)).toBe("2027-02-17");
    // A last day on 清明 (Monday 5 April 2027) moves to Tuesday 6 April (民法典第二百零三条).
    expect(extendedDeadline("2027-04-05T15:59:59.999Z").toISOString()).toBe("2027-04-06T15:59:59.999Z");
    expect(countedOnProvisionalCalendar("2027-04-06T15:59:59.999Z")).toBe(true);
  });
});
