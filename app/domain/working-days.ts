/**
 * Chinese working days (工作日) and rest days (休息日) on the State Council's published calendar
 * (`holiday-calendar.ts`, generated from the `chinese-days` package): a day is a working day when
 * it is a weekday and not a public holiday, or a weekend day that is a make-up working day (调休).
 *
 * A year after the last published notice (the notice comes out in November or December; the
 * bureau's clocks run into the next year before then) is counted on a documented provisional rule
 * instead (ADR 014): weekends, the statutory holidays of 全国年节及纪念日放假办法第二条 as amended in
 * 2024 (元旦 1 January, 春节 除夕 to 正月初三, 清明, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 October; the
 * lunar ones from chinese-days' lunar calendar) and 第六条's make-up rest day (补假) for each of them
 * that falls on a weekend, on the next weekday. No weekend is a working day under it (调休 is only
 * known from the notice). Results it took part in are provisional (`isProvisionalDay`), and pages
 * say so beside the deadline. A year before 2015, or past the provisional table, is refused
 * (`CalendarNotPublishedError`).
 *
 * Pure: no clock, no I/O. Days are Asia/Shanghai calendar days written "YYYY-MM-DD".
 */
import { HOLIDAY_CALENDAR_SOURCE, LUNAR_STATUTORY_HOLIDAYS, PUBLISHED_HOLIDAYS } from "./holiday-calendar";

export { HOLIDAY_CALENDAR_SOURCE };

const DAY_MS = 86_400_000;

/** A period reaches a year the calendar has neither the notice nor the provisional rule's data for. */
export class CalendarNotPublishedError extends Error {
  constructor(readonly year: number) {
    super(`The ${year} holiday calendar is neither published (国务院办公厅关于${year}年部分节假日安排的通知) nor covered by the provisional rule in the working-day calendar (${HOLIDAY_CALENDAR_SOURCE}); a period reaching ${year} cannot be counted.`);
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

/** The years whose notice the calendar has, oldest first. */
export const PUBLISHED_YEARS: readonly number[] = Object.keys(HOLIDAY_CALENDAR).map(Number).sort((a, b) => a - b);
const LAST_PUBLISHED_YEAR = PUBLISHED_YEARS[PUBLISHED_YEARS.length - 1]!;

/** 全国年节及纪念日放假办法第二条 (2024): the statutory holidays on fixed dates (元旦, 劳动节, 国庆节). */
const FIXED_STATUTORY_HOLIDAYS = ["01-01", "05-01", "05-02", "10-01", "10-02", "10-03"] as const;

const isWeekend = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * A year on the provisional rule: the statutory holidays (fixed and lunar), and for each that falls
 * on a weekend (in date order) a make-up rest day on the next weekday that is not already a rest
 * day (第六条). No make-up working days. (Exported for the tests, which hold it against the 2025 and
 * 2026 notices.)
 */
export function provisionalYear(year: number): { holidays: ReadonlySet<string>; makeUpWorkdays: ReadonlySet<string> } {
  const lunar = LUNAR_STATUTORY_HOLIDAYS[year];
  if (lunar === undefined) throw new CalendarNotPublishedError(year);
  const statutory = [...FIXED_STATUTORY_HOLIDAYS.map((d) => `${year}-${d}`), ...expand(year, lunar)].sort();
  const holidays = new Set(statutory);
  for (const day of new Set(statutory)) {
    if (!isWeekend(day)) continue;
    let makeUp = nextDay(day);
    while (isWeekend(makeUp) || holidays.has(makeUp)) makeUp = nextDay(makeUp);
    holidays.add(makeUp);
  }
  return { holidays, makeUpWorkdays: new Set() };
}

/** The years counted on the provisional rule (after the last published notice), oldest first. */
export const PROVISIONAL_YEARS: readonly number[] = Object.keys(LUNAR_STATUTORY_HOLIDAYS)
  .map(Number)
  .filter((year) => year > LAST_PUBLISHED_YEAR)
  .sort((a, b) => a - b);
const PROVISIONAL_CALENDAR = new Map(PROVISIONAL_YEARS.map((year) => [year, provisionalYear(year)]));

/** Is this Shanghai calendar day ("YYYY-MM-DD") a working day? Throws for a year the calendar cannot count. */
export function isWorkingDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const table = HOLIDAY_CALENDAR[year] ?? PROVISIONAL_CALENDAR.get(year);
  if (!table) throw new CalendarNotPublishedError(year);
  if (table.makeUpWorkdays.has(day)) return true;
  if (table.holidays.has(day)) return false;
  return !isWeekend(day);
}

/**
 * Is this day counted on the provisional rule (its year's notice is not out)? A working-day
 * period, or a last day moved over rest days, that ends on such a day was counted on it.
 */
export function isProvisionalDay(day: string): boolean {
  return PROVISIONAL_CALENDAR.has(Number(day.slice(0, 4)));
}

/** The year a day falls in, when the calendar cannot count it (else null): for loud refusals. */
export function unpublishedYearOf(day: string): number | null {
  const year = Number(day.slice(0, 4));
  return HOLIDAY_CALENDAR[year] || PROVISIONAL_CALENDAR.has(year) ? null : year;
}
