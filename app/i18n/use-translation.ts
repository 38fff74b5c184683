import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
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
