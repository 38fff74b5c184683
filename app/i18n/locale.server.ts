import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from "./i18n";

/** The chosen language, remembered for a year. Not secret, so not signed. */
export const localeCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export async function getLocale(request: Request): Promise<Locale> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export async function getTranslator(request: Request) {
  return translator(await getLocale(request));
}
