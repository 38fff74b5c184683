import { useRouteLoaderData } from "@remix-run/react";
import { useCallback, useMemo } from "react";
import { formatMoney, type MoneyUnit } from "./format";
import { DEFAULT_LOCALE, translator, type Locale } from "./i18n";

type RootData = { locale: Locale } | undefined;

export function useLocale(): Locale {
  return (useRouteLoaderData("root") as RootData)?.locale ?? DEFAULT_LOCALE;
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
