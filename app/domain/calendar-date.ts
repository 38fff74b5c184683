/**
 * Calendar dates typed by people ("2024-05-01") mean a day in Asia/Shanghai. They are stored
 * as the UTC instant of that day's midnight in Shanghai (UTC+8, no daylight saving), so
 * formatDate() shows the same day back.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2024-05-01" → 2024-04-30T16:00:00Z, or null when it is not a real calendar date. */
export function parseCalendarDate(input: string): Date | null {
  const match = PATTERN.exec(input.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  const check = new Date(utc);
  if (year < 1900 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar day of an instant, as "YYYY-MM-DD" (what a date input expects). */
export function toCalendarDateString(value: Date | string | null | undefined): string {
  if (!value) return "";
  const shifted = new Date(new Date(value).getTime() + SHANGHAI_OFFSET_MS);
  return shifted.toISOString().slice(0, 10);
}

/** The end of today in Shanghai: dates after it are in the future. */
export function endOfShanghaiDay(now: Date): Date {
  const start = parseCalendarDate(toCalendarDateString(now))!;
  return new Date(start.getTime() + 24 * 60 * 60 * 1000 - 1);
}
