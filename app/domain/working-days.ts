/**
 * Chinese working days (工作日) and rest days (休息日) on the State Council's published calendar
 * (`holiday-calendar.ts`, generated from the `chinese-days` package): a day is a working day when
 * it is a weekday and not a public holiday, or a weekend day that is a make-up working day (调休).
 *
 * A day in a year whose calendar is not published yet is never guessed (a Monday may turn out to
 * be a holiday, a Saturday a working day): asking about it throws `CalendarNotPublishedError`, and
 * the caller refuses loudly (ADR 014).
 *
 * Pure: no clock, no I/O. Days are Asia/Shanghai calendar days written "YYYY-MM-DD".
 */
import { HOLIDAY_CALENDAR_SOURCE, PUBLISHED_HOLIDAYS } from "./holiday-calendar";

export { HOLIDAY_CALENDAR_SOURCE };

const DAY_MS = 86_400_000;

/** A period reaches a year whose holiday notice the calendar does not have. */
export class CalendarNotPublishedError extends Error {
  constructor(readonly year: number) {
    super(`The ${year} holiday calendar (国务院办公厅关于${year}年部分节假日安排的通知) is not in the working-day calendar (${HOLIDAY_CALENDAR_SOURCE}); a period reaching ${year} cannot be counted.`);
    this.name = "CalendarNotPublishedError";
  }
}

function expand(year: number, compact: string): string[] {
  if (!compact) return [];
  return compact.split(" ").flatMap((part) => {
    const [from, to = from] = part.split("~") as [string, string?];
    const days: string[] = [];
    for (let t = Date.parse(`${year}-${from}T00:00:00Z`); t <= Date.parse(`${year}-${to}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
    return days;
  });
}

/** Each published year's holidays and make-up working days, as sets of "YYYY-MM-DD". */
export const HOLIDAY_CALENDAR: Readonly<Record<number, { holidays: ReadonlySet<string>; makeUpWorkdays: ReadonlySet<string> }>> = Object.fromEntries(
  Object.entries(PUBLISHED_HOLIDAYS).map(([year, row]) => [
    Number(year),
    { holidays: new Set(expand(Number(year), row.holidays)), makeUpWorkdays: new Set(expand(Number(year), row.makeUpWorkdays)) },
  ]),
);

/** The years the calendar covers, oldest first. */
export const PUBLISHED_YEARS: readonly number[] = Object.keys(HOLIDAY_CALENDAR).map(Number).sort((a, b) => a - b);

/** Is this Shanghai calendar day ("YYYY-MM-DD") a working day? Throws for a year not published. */
export function isWorkingDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const table = HOLIDAY_CALENDAR[year];
  if (!table) throw new CalendarNotPublishedError(year);
  if (table.makeUpWorkdays.has(day)) return true;
  if (table.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The year a day falls in, when that year's calendar is not published (else null): for loud refusals. */
export function unpublishedYearOf(day: string): number | null {
  const year = Number(day.slice(0, 4));
  return HOLIDAY_CALENDAR[year] ? null : year;
}
