import { redirect, type Cookie } from "@remix-run/node";
import { safeRedirectPath } from "~/auth/guards.server";
import { formFields, readForm } from "~/forms/parse-form";

/**
 * A header switch's POST (language, text size): keeps the submitted choice in its cookie, or
 * the fallback when the value is not one of the choices, and goes back to the page it came from.
 */
export async function rememberChoice<T extends string>(
  request: Request,
  options: { field: string; cookie: Cookie; isChoice: (value: unknown) => value is T; fallback: T },
): Promise<Response> {
  const form = formFields(await readForm(request));
  const requested = form[options.field];
  const choice = options.isChoice(requested) ? requested : options.fallback;
  return redirect(safeRedirectPath(form.redirectTo), {
    headers: { "Set-Cookie": await options.cookie.serialize(choice) },
  });
}
