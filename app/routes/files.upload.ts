/**
 * POST /files/upload?caseKind=…&caseId=…&use=…[&redirectTo=…] — the local adapter's streaming
 * upload. The case and use are in the address, so access and limits are checked before a
 * single byte of the body is read. Answers JSON to the upload component (Accept:
 * application/json), or redirects back with a notice for the plain no-JavaScript form.
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { receiveLocalUpload } from "~/attachments/attachments.server";
import { withFileNotice } from "~/attachments/notices";
import { AttachmentRefusal } from "~/attachments/refusal";
import { refusalResponse, wantsJson } from "~/attachments/respond.server";
import { activeAdapter } from "~/attachments/storage.server";
import { ATTACHMENT_USES } from "~/domain/attachment-uses";
import { requireUser, safeRedirectPath } from "~/auth/guards.server";

const querySchema = z.object({
  caseKind: z.string().trim().min(1).max(40),
  caseId: z.string().trim().min(1).max(64),
  use: z.enum(ATTACHMENT_USES),
});

export async function loader() {
  throw new Response("Method Not Allowed", { status: 405 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const back = safeRedirectPath(url.searchParams.get("redirectTo"), "/");
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success || activeAdapter() !== "local") {
    return refusalResponse(request, new AttachmentRefusal("attachments.error.badRequest", {}, 400), back, { bodyUnread: true });
  }
  try {
    const { ids } = await receiveLocalUpload(user, query.data, query.data.use, request);
    if (wantsJson(request)) return Response.json({ ids }, { status: 201 });
    return redirect(withFileNotice(back, { uploaded: ids.length }));
  } catch (error) {
    if (!(error instanceof AttachmentRefusal)) throw error;
    return refusalResponse(request, error, back, { bodyUnread: true });
  }
}
