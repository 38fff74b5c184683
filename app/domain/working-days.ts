/**
 * Chinese working days (工作日) for statutory periods such as the competition's public
 * announcement (公示). The holiday calendar is data, not code: the State Council publishes each
 * year's public holidays (放假) and the weekend days that become working days (调休上班).
 *
 * Pure: no clock, no I/O. Days are Asia/Shanghai calendar days written "YYYY-MM-DD".
 * 2025 and 2026 follow the State Council notices (国办发明电〔2024〕12号, 〔2025〕7号);
 * 2027 is PROVISIONAL (the notice is not out yet): the statutory holidays on their lunar dates,
 * without make-up days — update the table when the notice is published.
 */
import { parseCalendarDate, toCalendarDateString } from "./calendar-date";

const DAY_MS = 86_400_000;

function days(from: string, to: string): string[] {
  const result: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    result.push(new Date(t).toISOString().slice(0, 10));
  }
  return result;
}

export interface HolidayYear {
  /** Public holidays: days off even when they fall on a weekday. */
  holidays: readonly string[];
  /** Weekend days that are working days (调休). */
  makeUpWorkdays: readonly string[];
  provisional: boolean;
}

export const HOLIDAY_CALENDAR: Readonly<Record<number, HolidayYear>> = {
  2025: {
    holidays: [
      "2025-01-01",
      ...days("2025-01-28", "2025-02-04"),
      ...days("2025-04-04", "2025-04-06"),
      ...days("2025-05-01", "2025-05-05"),
      ...days("2025-05-31", "2025-06-02"),
      ...days("2025-10-01", "2025-10-08"),
    ],
    makeUpWorkdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    provisional: false,
  },
  2026: {
    holidays: [
      ...days("2026-01-01", "2026-01-03"),
      ...days("2026-02-15", "2026-02-23"),
      ...days("2026-04-04", "2026-04-06"),
      ...days("2026-05-01", "2026-05-05"),
      ...days("2026-06-19", "2026-06-21"),
      ...days("2026-09-25", "2026-09-27"),
      ...days("2026-10-01", "2026-10-07"),
    ],
    makeUpWorkdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    provisional: false,
  },
  2027: {
    holidays: [
      "2027-01-01",
      ...days("2027-02-05", "2027-02-11"),
      ...days("2027-04-05", "2027-04-05"),
      ...days("2027-05-01", "2027-05-05"),
      "2027-06-09",
      "2027-09-15",
      ...days("2027-10-01", "2027-10-07"),
    ],
    makeUpWorkdays: [],
    provisional: true,
  },
};

const HOLIDAYS = new Set(Object.values(HOLIDAY_CALENDAR).flatMap((y) => y.holidays));
const MAKE_UP = new Set(Object.values(HOLIDAY_CALENDAR).flatMap((y) => y.makeUpWorkdays));

/** Is this Shanghai calendar day ("YYYY-MM-DD") a working day? Outside the table: Mon–Fri. */
export function isWorkingDay(day: string): boolean {
  if (MAKE_UP.has(day)) return true;
  if (HOLIDAYS.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The Nth working day after `day` (the day itself does not count). */
export function nthWorkingDayAfter(day: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError("n must be a positive integer");
  let current = day;
  for (let counted = 0; counted < n; ) {
    current = nextDay(current);
    if (isWorkingDay(current)) counted++;
  }
  return current;
}

/**
 * When a period of N working days started at `start` ends: the end of the Nth working day after
 * the start's Shanghai day (公示期 counts from the day after publication), i.e. the next
 * midnight in Shanghai, as an instant.
 */
export function workingDaysDeadline(start: Date | string, n: number): Date {
  const last = nthWorkingDayAfter(toCalendarDateString(start), n);
  return new Date(parseCalendarDate(last)!.getTime() + DAY_MS);
}
