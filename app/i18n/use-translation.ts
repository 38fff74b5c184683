import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { formatMoney, type MoneyUnit } from "./format";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

type RootData = { locale: Locale } | undefined;

/**
 * The visitor's language: from the root loader, or — when the root loader could not run (a
 * 503 while the database is away) — from the error answer, which carries it.
 */
export function useLocale(): Locale {
  const root = useRouteLoaderData("root") as RootData;
  const error = useRouteError();
  if (root?.locale) return root.locale;
  const fromError: unknown = isRouteErrorResponse(error) ? (error.data as { locale?: unknown } | null)?.locale : undefined;
  return isLocale(fromError) ? fromError : DEFAULT_LOCALE;
}

export function useTranslation() {
  const locale = useLocale();
  const t = useMemo(() => translator(locale), [locale]);
  return { t, locale };
}

/** `formatMoney` in the reader's language: `money(fen)` → "56,000.50 元", `money(fen, "wanYuan")` → "5.6 万元". */
export function useMoney() {
  const locale = useLocale();
  return useCallback((fen: number, unit?: MoneyUnit) => formatMoney(fen, locale, unit), [locale]);
}
