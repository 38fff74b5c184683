/** How the file routes answer a refusal: JSON for the upload component, a redirect with the message for plain forms. */
import { redirect } from "@remix-run/node";
import { getTranslator } from "~/i18n/locale.server";
import { withFileNotice } from "./notices";
import { describeRefusal, type AttachmentRefusal, type RefusalBody } from "./refusal";

export function wantsJson(request: Request): boolean {
  return (request.headers.get("Accept") ?? "").includes("application/json");
}

export async function refusalResponse(request: Request, refusal: AttachmentRefusal, back: string, options: { bodyUnread?: boolean } = {}) {
  // The rest of an oversized or refused body is not read: close the connection instead.
  const headers: HeadersInit = options.bodyUnread ? { Connection: "close" } : {};
  if (wantsJson(request)) {
    const t = await getTranslator(request);
    const body: RefusalBody = { error: refusal.key, params: refusal.params, message: describeRefusal(t, refusal.key, refusal.params) };
    return Response.json(body, { status: refusal.status, headers });
  }
  return redirect(withFileNotice(back, { error: { key: refusal.key, params: refusal.params } }), { headers });
}
