/** POST /files/:id/delete — deletes a draft file (policy, editable case, not relied on), then back to the page. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { deleteAttachment } from "~/attachments/attachments.server";
import { withFileNotice } from "~/attachments/notices";
import { AttachmentRefusal } from "~/attachments/refusal";
import { refusalResponse, wantsJson } from "~/attachments/respond.server";
import { requireUser, safeRedirectPath } from "~/auth/guards.server";
import { parseForm, readForm } from "~/forms/parse-form";

const schema = z.object({ redirectTo: z.string().max(1000).optional() });

export async function loader() {
  throw new Response("Method Not Allowed", { status: 405 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = parseForm(schema, await readForm(request));
  const back = safeRedirectPath(form.ok ? form.data.redirectTo : undefined, "/");
  try {
    await deleteAttachment(user, params.id ?? "");
  } catch (error) {
    if (!(error instanceof AttachmentRefusal)) throw error;
    if (error.status === 404 || error.status === 403) throw new Response(error.status === 404 ? "Not Found" : "Forbidden", { status: error.status });
    return refusalResponse(request, error, back);
  }
  if (wantsJson(request)) return Response.json({ deleted: true });
  return redirect(withFileNotice(back, { deleted: true }));
}
