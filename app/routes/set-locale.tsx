import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/auth/guards.server";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/i18n";
import { localeCookie } from "~/i18n/locale.server";
import { readForm } from "~/forms/parse-form";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const requested = form.get("locale");
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export const loader = () => redirect("/");
