/**
 * GET /files/:id — a download, authorized by the case's policy on every request. Sent as an
 * attachment with the type we detected (never the one the uploader claimed) and a sandboxing
 * CSP (`nosniff` comes from the HTTP layer), so a stored file can never run as a page here.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openAttachment } from "~/attachments/attachments.server";
import { contentDisposition } from "~/attachments/content-disposition";
import { AttachmentRefusal } from "~/attachments/refusal";
import { requireUser } from "~/auth/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  let file: Awaited<ReturnType<typeof openAttachment>>;
  try {
    file = await openAttachment(user, params.id ?? "");
  } catch (error) {
    if (error instanceof AttachmentRefusal) throw new Response(error.status === 404 ? "Not Found" : "Forbidden", { status: error.status });
    throw error;
  }
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": file.type,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.name),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
