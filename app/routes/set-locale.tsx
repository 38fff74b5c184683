import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { rememberChoice } from "~/http/preference.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/i18n";
import { localeCookie } from "~/i18n/locale.server";

export const action = ({ request }: ActionFunctionArgs) =>
  rememberChoice(request, { field: "locale", cookie: localeCookie, isChoice: isLocale, fallback: DEFAULT_LOCALE });

export const loader = () => redirect("/");
