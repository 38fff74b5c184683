import { createCookie } from "@remix-run/node";
import { isTextSize, type TextSize } from "./text-size";

/** The large-type choice (适老化), remembered for a year like the language. Not secret, so not signed. */
export const textSizeCookie = createCookie("text-size", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export async function getTextSize(request: Request): Promise<TextSize> {
  const value: unknown = await textSizeCookie.parse(request.headers.get("Cookie"));
  return isTextSize(value) ? value : "standard";
}
