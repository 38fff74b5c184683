/**
 * Display formatting. Times are stored in UTC and always shown in Asia/Shanghai; money is
 * integer fen, shown through `formatMoney` only.
 */
import { translator, type Locale } from "./i18n";

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

/** 1042000000 fen → "10.42" (millions of yuan, up to four decimals: the precision of 万元 with two). */
function fenToMillionYuanString(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const hundredsOfYuan = Math.round(Math.abs(fen) / 10_000);
  const whole = Math.floor(hundredsOfYuan / 10_000);
  const decimals = String(hundredsOfYuan % 10_000).padStart(4, "0").replace(/0+$/, "");
  return `${sign}${whole.toLocaleString("en-US")}${decimals ? `.${decimals}` : ""}`;
}

export type MoneyUnit = "yuan" | "wanYuan";

/**
 * The one way money is shown: integer fen in; 元 with two decimals and thousands separators
 * ("56,000.50 元", "¥56,000.50"), or for large round figures 万元 ("329 万元"). English has no 万,
 * so there those amounts read in millions ("¥3.29 million"), or in yuan under a million ("¥30,000").
 */
export function formatMoney(fen: number, locale: Locale, unit: MoneyUnit = "yuan"): string {
  const t = translator(locale);
  if (unit === "yuan") return t("money.yuan", { amount: fenToYuanString(fen) });
  if (locale === "zh-CN") return t("money.wanYuan", { amount: fenToWanYuanString(fen) });
  if (Math.abs(fen) < 100_000_000) return t("money.yuan", { amount: fenToYuanString(fen).replace(/\.00$/, "") });
  return t("money.millionYuan", { amount: fenToMillionYuanString(fen) });
}

/** Parses a yuan amount typed by a person ("1,234.5") into fen, or null when malformed. */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input.replace(/[,，\s]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** A yuan amount kept as the text a person typed ("56000.5"), shown like any other money; other text as typed. */
export function formatTypedYuan(text: string, locale: Locale): string {
  const fen = parseYuanToFen(text);
  return fen === null ? text : formatMoney(fen, locale);
}

const shareFormats = new Map<Locale, Intl.NumberFormat>();
/** 0.857 → "85.7%" (one decimal at most). */
export function formatShare(share: number, locale: Locale): string {
  let format = shareFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    shareFormats.set(locale, format);
  }
  return format.format(share);
}
