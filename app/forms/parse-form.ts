/**
 * The one way actions read forms: allow-listed fields → zod → either typed data, or per-field
 * message keys plus what the user typed (so the form can be shown again unchanged).
 * Schemas put a MessageKey in each custom message; anything else becomes "validation.invalid".
 */
import type { z } from "zod";
import { isMessageKey, type MessageKey } from "~/i18n/i18n";

export type FieldErrors = Partial<Record<string, MessageKey>>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Reads only the named fields; files and repeated fields are not accepted here. */
export function formValues(formData: FormData, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = formData.get(field);
    values[field] = typeof value === "string" ? value : "";
  }
  return values;
}

export function parseForm<S extends z.ZodObject>(
  schema: S,
  formData: FormData,
  options: { keepOut?: readonly string[] } = {},
): FormResult<z.infer<S>> {
  const values = formValues(formData, Object.keys(schema.shape));
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= isMessageKey(issue.message) ? issue.message : "validation.invalid";
  }
  for (const secret of options.keepOut ?? []) delete values[secret];
  return { ok: false, errors, values };
}

const NOT_A_FORM = "请求内容不是有效的表单，请从本站页面提交。\nThe request body is not a valid form. Submit it from this site's pages.";

/**
 * The one place a request body is read as a form: anything that is not a readable form body
 * (JSON, text, nothing, a truncated multipart) is a 400 that says so, never a 500. Actions read
 * the body here, then parse it with `parseForm`; a lint rule keeps `request.formData()` out of
 * the rest of the app.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(NOT_A_FORM, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
