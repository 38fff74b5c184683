import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isTextSize } from "~/display/text-size";
import { textSizeCookie } from "~/display/text-size.server";
import { rememberChoice } from "~/http/preference.server";

/** The header's large-type switch. */
export const action = ({ request }: ActionFunctionArgs) =>
  rememberChoice(request, { field: "size", cookie: textSizeCookie, isChoice: isTextSize, fallback: "standard" });

export const loader = () => redirect("/");
