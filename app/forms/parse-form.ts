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

/**
 * The one place a request body is read as a form: anything that is not a readable form body is
 * a 400 (never a 500). Actions read the body here, then parse it with `parseForm`.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}
