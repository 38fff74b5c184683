import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { SubmittedForm } from "./parse-form";

/**
 * A multipart body whose files go through an upload handler (a size limit, say), read into the
 * same opaque form as `readForm`'s. Its errors are the caller's to answer: what they mean (too
 * large, not a spreadsheet) is the page's to say.
 */
export async function readUpload(request: Request, handler: UploadHandler): Promise<SubmittedForm> {
  return (await unstable_parseMultipartFormData(request, handler)) as unknown as SubmittedForm;
}
