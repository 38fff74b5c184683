/**
 * The one period calculator every clock uses (ADR 014; each rule's period is listed in
 * docs/rules.md). Counting follows the Civil Code unless a rule says otherwise:
 *
 * - 民法典第二百零一条: the starting day is not counted; counting begins the next day.
 * - 民法典第二百零二条: a period in months or years ends on the corresponding day of the final
 *   month, or on that month's last day where there is none (31 August + 6 months → 28/29 February).
 * - 民法典第二百零三条: a period whose last day is a legal rest day ends on the next working day
 *   (`extendOverRestDay`); the last day ends at 24:00. A clock stores the last moment of its last
 *   day (23:59:59.999 in Shanghai, as the registry deadline always has), so it shows that day and
 *   has run out from then on.
 * - Working-day periods (行政许可法第八十二条, 行政处罚法第八十五条 and rules that say 工作日) count
 *   only working days on the State Council's calendar.
 *
 * Days are Asia/Shanghai calendar days ("YYYY-MM-DD"): a period started at 23:30 on 1 March in
 * Shanghai starts on 1 March, whatever the UTC date. A year whose holiday notice is not out yet is
 * counted on the provisional rule (`working-days.ts`, ADR 014) and its results say so
 * (`countedOnProvisionalCalendar`); a year the calendar cannot count at all throws
 * `CalendarNotPublishedError`.
 * Pure: no clock, no I/O.
 */
import { parseCalendarDate, toCalendarDateString } from "./calendar-date";
import { CalendarNotPublishedError, isProvisionalDay, isWorkingDay } from "./working-days";

export { CalendarNotPublishedError };

export type Day = string;
export type Period = { days: number } | { months: number } | { years: number } | { workingDays: number };

export interface PeriodOptions {
  /** 民法典第二百零三条: a last day that is a rest day moves to the next working day (periods in which someone must act). */
  extendOverRestDay?: boolean;
}

const DAY_MS = 86_400_000;

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(instant: Date | string): Day {
  return toCalendarDateString(instant);
}

/** The last moment of a Shanghai day (23:59:59.999 there): a clock ending on `day` has run out from then on. */
export function endOfDay(day: Day): Date {
  const start = parseCalendarDate(day);
  if (!start) throw new RangeError(`not a calendar day: ${day}`);
  return new Date(start.getTime() + DAY_MS - 1);
}

export function addDays(day: Day, n: number): Day {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The corresponding day `n` months later (or earlier), or that month's last day where there is none (第二百零二条). */
export function addMonths(day: Day, n: number): Day {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth0 = index - targetYear * 12;
  const targetDate = Math.min(date, daysInMonth(targetYear, targetMonth0));
  return `${String(targetYear).padStart(4, "0")}-${String(targetMonth0 + 1).padStart(2, "0")}-${String(targetDate).padStart(2, "0")}`;
}

export function addYears(day: Day, n: number): Day {
  return addMonths(day, 12 * n);
}

/** The day itself when it is a working day, else the next working day (第二百零三条). */
export function nextWorkingDayOnOrAfter(day: Day): Day {
  let current = day;
  while (!isWorkingDay(current)) current = addDays(current, 1);
  return current;
}

/** The Nth working day after `day` (the day itself is not counted). */
export function nthWorkingDayAfter(day: Day, n: number): Day {
  if (!Number.isInteger(n) || n < 1) throw new RangeError("n must be a positive integer");
  let current = day;
  for (let counted = 0; counted < n; ) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) counted++;
  }
  return current;
}

/** The last day of a period starting on `start` (the starting day not counted). */
export function lastDayOf(start: Day, period: Period, options: PeriodOptions = {}): Day {
  let last: Day;
  if ("workingDays" in period) return nthWorkingDayAfter(start, period.workingDays);
  if ("days" in period) last = addDays(start, period.days);
  else if ("months" in period) last = addMonths(start, period.months);
  else last = addYears(start, period.years);
  return options.extendOverRestDay ? nextWorkingDayOnOrAfter(last) : last;
}

/** When a period started at `start` (an instant, counted from its Shanghai day) runs out: the end of its last day. */
export function periodEndsAt(start: Date | string, period: Period, options: PeriodOptions = {}): Date {
  return endOfDay(lastDayOf(shanghaiDay(start), period, options));
}

/**
 * Was a deadline that counts working days, or whose last day moves over rest days, counted on the
 * provisional rule? It was when it ends in a year whose notice is not out (the provisional years
 * all follow the published ones, so every day it consulted before that was published). Pages show
 * "按暂行日历计算" beside such a deadline.
 */
export function countedOnProvisionalCalendar(deadline: Date | string): boolean {
  return isProvisionalDay(shanghaiDay(deadline));
}

/**
 * The year a period started now would need but the calendar cannot count (null when it can be
 * counted): services refuse to start such a clock with a clear message instead of failing inside it.
 */
export function unpublishedYearFor(start: Date | string, period: Period, options: PeriodOptions = {}): number | null {
  try {
    periodEndsAt(start, period, options);
    return null;
  } catch (error) {
    if (error instanceof CalendarNotPublishedError) return error.year;
    throw error;
  }
}

/** Has the period started at `start` run out at `now`? */
export function periodHasRunOut(start: Date | string, period: Period, now: Date | string, options: PeriodOptions = {}): boolean {
  return new Date(now).getTime() >= periodEndsAt(start, period, options).getTime();
}

/**
 * A deadline stored as the end of its nominal last day, moved over a rest day (第二百零三条) when
 * it is evaluated: the end of the next working day on or after that last day. Stored clocks keep
 * the nominal end, so a deadline in a year whose notice comes out later follows the notice once it
 * is in the calendar; until then it is extended on the provisional rule.
 */
export function extendedDeadline(nominalEnd: Date | string): Date {
  return endOfDay(nextWorkingDayOnOrAfter(shanghaiDay(nominalEnd)));
}
