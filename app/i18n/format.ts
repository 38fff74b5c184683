/**
 * Display formatting. Times are stored in UTC and always shown in Asia/Shanghai; money is
 * integer fen, shown as 元 (two decimals) or 万元.
 */
import type { Locale } from "./i18n";

export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

// Building an Intl.DateTimeFormat costs far more than using one (it showed as a tenth of a
// 20-row list page's server time), so each locale's formatter is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "dateTime" | "longDate", locale: Locale): Intl.DateTimeFormat {
  const key = `${kind}:${locale}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(
      locale,
      kind === "date"
        ? { timeZone: DISPLAY_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }
        : kind === "longDate"
          ? { timeZone: DISPLAY_TIME_ZONE, year: "numeric", month: "long", day: "numeric" }
          : { timeZone: DISPLAY_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    );
    formatters.set(key, cached);
  }
  return cached;
}

export function formatDate(value: Date | string | null | undefined, locale: Locale): string {
  if (!value) return "";
  return formatter("date", locale).format(new Date(value));
}

/** A day written out, as a decision states a date: "2027年3月5日", "5 March 2027". */
export function formatLongDate(value: Date | string | null | undefined, locale: Locale): string {
  if (!value) return "";
  return formatter("longDate", locale).format(new Date(value));
}

export function formatDateTime(value: Date | string | null | undefined, locale: Locale): string {
  if (!value) return "";
  return formatter("dateTime", locale).format(new Date(value));
}

/** 12345678 fen → "123,456.78" (yuan, exact: integer arithmetic, no floats). */
export function fenToYuanString(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${yuan.toLocaleString("en-US")}.${cents}`;
}

/** 1042000000 fen → "1,042" (万元, up to two decimals, trailing zeros trimmed). */
export function fenToWanYuanString(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const hundredthsOfWan = Math.round(abs / 10_000); // 1 万元 = 1,000,000 fen; keep 2 decimals
  const whole = Math.floor(hundredthsOfWan / 100);
  const decimals = String(hundredthsOfWan % 100).padStart(2, "0").replace(/0+$/, "");
  return `${sign}${whole.toLocaleString("en-US")}${decimals ? `.${decimals}` : ""}`;
}

/** Parses a yuan amount typed by a person ("1,234.5") into fen, or null when malformed. */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input.replace(/[,，\s]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}
