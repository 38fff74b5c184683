/**
 * After a plain (no-JavaScript) upload or delete, the server redirects back to the page with
 * the outcome in the address (Post/Redirect/Get); the upload component reads it from there.
 */
import { isMessageKey, type MessageKey, type Params } from "~/i18n/i18n";

const PARAMS = ["uploaded", "fileDeleted", "fileError", "fileErrorParams"] as const;

export interface FileNotice {
  uploaded?: number;
  deleted?: boolean;
  error?: { key: MessageKey; params: Params };
}

export function withFileNotice(path: string, notice: FileNotice): string {
  const url = new URL(path, "http://local");
  for (const name of PARAMS) url.searchParams.delete(name);
  if (notice.uploaded) url.searchParams.set("uploaded", String(notice.uploaded));
  if (notice.deleted) url.searchParams.set("fileDeleted", "1");
  if (notice.error) {
    url.searchParams.set("fileError", notice.error.key);
    url.searchParams.set("fileErrorParams", JSON.stringify(notice.error.params));
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Only attachment messages are shown from the address, with string or number parameters. */
export function readFileNotice(search: URLSearchParams): FileNotice {
  const notice: FileNotice = {};
  const uploaded = Number(search.get("uploaded"));
  if (Number.isInteger(uploaded) && uploaded > 0) notice.uploaded = uploaded;
  if (search.get("fileDeleted") === "1") notice.deleted = true;
  const key = search.get("fileError");
  if (key && (key.startsWith("attachments.error.") || key === "error.text.404") && isMessageKey(key)) {
    const params: Params = {};
    try {
      const raw: unknown = JSON.parse(search.get("fileErrorParams") ?? "{}");
      if (raw && typeof raw === "object") {
        for (const [name, value] of Object.entries(raw)) if (typeof value === "string" || typeof value === "number") params[name] = value;
      }
    } catch {
      // unreadable parameters: show the message without them
    }
    notice.error = { key, params };
  }
  return notice;
}
