/**
 * Dates as official documents write them: 二〇二六年十二月三日 (GB/T 9704 — year in 〇-digits,
 * month and day in Chinese numerals), always the calendar day in Asia/Shanghai. Client-safe.
 */
import { toCalendarDateString } from "~/domain/calendar-date";

const DIGITS = "〇一二三四五六七八九";

/** 1–31 as 一 … 十 … 二十一 … 三十一. */
function smallNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones === 0 ? "" : DIGITS[ones]}`;
}

/** The Shanghai calendar day of an instant: 2026-12-03T01:00:00+08:00 → 二〇二六年十二月三日. */
export function chineseDate(value: Date | string): string {
  const [year, month, day] = toCalendarDateString(value).split("-").map(Number) as [number, number, number];
  return `${[...String(year)].map((d) => DIGITS[Number(d)]).join("")}年${smallNumber(month)}月${smallNumber(day)}日`;
}

/** The Shanghai calendar year of an instant (the 文号's year). */
export function shanghaiYear(value: Date | string): number {
  return Number(toCalendarDateString(value).slice(0, 4));
}

/** 2026年12月3日 — dates inside a document's text, where Arabic numerals read better. */
export function numericChineseDate(value: Date | string): string {
  const [year, month, day] = toCalendarDateString(value).split("-").map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}
