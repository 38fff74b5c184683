/**
 * GET /judge/entries/:id/files/:fileId — an application file for its assigned judge while judging
 * is open. The attachment policy is asked again on opening. PDFs are sent inline so the scoring
 * page can show them in a frame (this path alone may be framed, by this site's own pages); in a
 * blind competition the file goes out under a neutral name ("proposal-1.pdf"), never the
 * organization's own file name.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openAttachment } from "~/attachments/attachments.server";
import { contentDisposition } from "~/attachments/content-disposition";
import { AttachmentRefusal } from "~/attachments/refusal";
import { requireRole } from "~/auth/guards.server";
import { judgeEntryFile } from "~/competition/judging/judge-pages.server";

const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "judge");
  const file = await judgeEntryFile(user, params.id!, params.fileId!);
  let opened: Awaited<ReturnType<typeof openAttachment>>;
  try {
    opened = await openAttachment(user, file.id);
  } catch (error) {
    if (error instanceof AttachmentRefusal) throw new Response("Not Found", { status: 404 });
    throw error;
  }
  const name = file.blind ? `${file.use}-${file.index}.${EXTENSIONS[opened.type] ?? "bin"}` : opened.name;
  const inline = opened.type === "application/pdf" && new URL(request.url).searchParams.has("inline");
  return new Response(createReadableStreamFromReadable(opened.stream), {
    headers: {
      "Content-Type": opened.type,
      "Content-Length": String(opened.size),
      "Content-Disposition": contentDisposition(name, inline ? "inline" : "attachment"),
      "Cache-Control": "private, no-store",
    },
  });
}
