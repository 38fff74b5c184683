/**
 * The one way the app reads a submitted form. A route reads the body with `readForm` (anything
 * that is not a form is a 400), then turns it into typed values here: `parseForm` (allow-listed
 * fields → zod → typed data, or per-field message keys plus what the user typed so the form can be
 * shown again unchanged), `parseStep` / `parseIntent` for the step forms (which intent, comment,
 * the page's seq; an intent the page cannot send is a 400), `formFields` for the plain strings a
 * service parses with its own schema, `formFile` for an uploaded file. Services take those typed
 * values, never the body: `readForm` hands out an opaque `SubmittedForm` with no `get`, and a lint
 * rule keeps the `FormData` type (and `request.formData()`) out of the rest of the app.
 * Schemas put a MessageKey in each custom message; anything else becomes "validation.invalid".
 */
import { z } from "zod";
import { isMessageKey, type MessageKey } from "~/i18n/i18n";

export type FieldErrors = Partial<Record<string, MessageKey>>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * A request body read as a form. Opaque on purpose: only this module looks inside it (the symbol
 * keeps it from passing for FormFields, and FormFields from passing for it).
 */
export type SubmittedForm = { readonly "submitted form": symbol };

/** A form's text fields as plain strings: what services that parse with their own schema take. */
export type FormFields = Readonly<Record<string, string>>;

const bodyOf = (form: SubmittedForm) => form as unknown as FormData;

/**
 * Every text field once (its first value; a field listed in `repeated`, such as a group of
 * checkboxes, has all its values joined by commas); files are left out.
 */
export function formFields(form: SubmittedForm, options: { repeated?: readonly string[] } = {}): FormFields {
  const fields: Record<string, string> = {};
  for (const [key, value] of bodyOf(form)) {
    // Own keys only, and never "__proto__": a field name must not reach the object's prototype.
    if (typeof value === "string" && key !== "__proto__" && !Object.hasOwn(fields, key)) fields[key] = value;
  }
  for (const field of options.repeated ?? []) {
    fields[field] = bodyOf(form)
      .getAll(field)
      .filter((v): v is string => typeof v === "string")
      .join(",");
  }
  return fields;
}

/** The uploaded file in a field, or null when the field holds none (or only text). */
export function formFile(form: SubmittedForm, field: string): File | null {
  const value = bodyOf(form).get(field);
  return value === null || typeof value === "string" ? null : value;
}

// Duck-typed: the body may come from a FormData polyfill rather than the global class.
const isFields = (input: SubmittedForm | FormFields): input is FormFields & Record<string, string> => typeof (input as Partial<FormData>).getAll !== "function";

/** Reads only the named fields as strings (a missing field or a file reads as ""). */
export function formValues(input: SubmittedForm | FormFields, fields: readonly string[]): Record<string, string> {
  const all: FormFields = isFields(input) ? input : formFields(input);
  const values: Record<string, string> = {};
  for (const field of fields) values[field] = all[field] ?? "";
  return values;
}

export function parseForm<S extends z.ZodObject>(
  schema: S,
  input: SubmittedForm | FormFields,
  options: { keepOut?: readonly string[] } = {},
): FormResult<z.infer<S>> {
  const values = formValues(input, Object.keys(schema.shape));
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

const plainText = { "Content-Type": "text/plain; charset=utf-8" };
const NOT_A_FORM = "请求内容不是有效的表单，请从本站页面提交。\nThe request body is not a valid form. Submit it from this site's pages.";
const UNKNOWN_INTENT = "此页面没有这个操作，请从本站页面提交。\nThis page has no such action. Submit it from this site's pages.";

/**
 * The one place a request body is read as a form: anything that is not a readable form body
 * (JSON, text, nothing, a truncated multipart) is a 400 that says so, never a 500.
 */
export async function readForm(request: Request): Promise<SubmittedForm> {
  try {
    return (await request.formData()) as unknown as SubmittedForm;
  } catch {
    throw new Response(NOT_A_FORM, { status: 400, headers: plainText });
  }
}

/**
 * The form's `intent`, one of those the page can send (`fallback` when it sent none); any other
 * value is a 400 that says so, never a 500 and never a step tried on the case.
 */
export function parseIntent<I extends string>(input: SubmittedForm | FormFields, intents: readonly I[], fallback?: I): I {
  const sent = formValues(input, ["intent"]).intent ?? "";
  if (sent === "" && fallback !== undefined) return fallback;
  if ((intents as readonly string[]).includes(sent)) return sent as I;
  throw new Response(UNKNOWN_INTENT, { status: 400, headers: plainText });
}

/** A step form: which step, the comment, the seq of the case as the page showed it, and its own fields. */
export interface StepForm<I extends string = string> {
  intent: I;
  comment: string;
  /** The case's seq as the page showed it; undefined when the form sent none. */
  seq?: number;
  /** The step's own fields, parsed by the rules of the intent (`parseForm`). */
  fields: FormFields;
}

const stepSchema = z.object({
  comment: z.string().transform((comment) => comment.slice(0, 2000)),
  seq: z.string().transform((raw) => {
    const seq = raw.trim() === "" ? Number.NaN : Number(raw);
    return Number.isInteger(seq) ? seq : undefined;
  }),
});

/** Reads a step form whose intent must be one of `intents` (see parseIntent). */
export function parseStep<I extends string>(input: SubmittedForm | FormFields, intents: readonly I[], fallback?: I): StepForm<I> {
  const fields = isFields(input) ? input : formFields(input);
  const intent = parseIntent(fields, intents, fallback);
  const { comment, seq } = stepSchema.parse(formValues(fields, ["comment", "seq"]));
  return { intent, comment, seq, fields };
}
