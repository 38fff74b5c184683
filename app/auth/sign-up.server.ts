/**
 * Public sign-up for applicants: founders of a new organization create an account to file a
 * registration application. Honeypot field and a per-address limit keep robots out.
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { User } from "@models/user";
import { isDuplicateKeyError } from "~/db.server";
import { parseForm } from "~/forms/parse-form";
import { takePublicFormSlot } from "~/http/public-rate-limit.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password.server";
import { sessionStorage } from "./session.server";

export const SIGN_UPS_PER_ADDRESS_PER_HOUR = 5;

export const signUpSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, "signup.error.username")
      .max(64, "signup.error.username")
      .regex(/^[A-Za-z0-9._-]+$/, "login.error.usernameChars"),
    displayName: z.string().trim().min(1, "signup.error.displayName").max(32, "signup.error.displayName"),
    password: z.string().min(MIN_PASSWORD_LENGTH, "signup.error.password").max(256, "login.error.passwordTooLong"),
    confirm: z.string(),
    website: z.string().max(0, "validation.invalid"), // honeypot: people never see it
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "signup.error.confirm" });

export type SignUpFailure = { errors: Partial<Record<string, import("~/i18n/i18n").MessageKey>>; values: { username: string; displayName: string } };

export async function signUp(formData: FormData, clientAddress: string): Promise<{ status: number; body: SignUpFailure }> {
  const form = parseForm(signUpSchema, formData, { keepOut: ["password", "confirm", "website"] });
  const values = { username: form.ok ? form.data.username : (form.values.username ?? ""), displayName: form.ok ? form.data.displayName : (form.values.displayName ?? "") };
  if (!form.ok) return { status: 400, body: { errors: form.errors, values } };
  if (!(await takePublicFormSlot(`signup:ip:${clientAddress}`, SIGN_UPS_PER_ADDRESS_PER_HOUR))) {
    return { status: 429, body: { errors: { _form: "signup.error.tooMany" }, values } };
  }
  let userId: string;
  try {
    const user = await User.create({
      username: form.data.username,
      displayName: form.data.displayName,
      role: "applicant",
      passwordHash: await hashPassword(form.data.password),
    });
    userId = String(user._id);
  } catch (error) {
    if (isDuplicateKeyError(error)) return { status: 400, body: { errors: { username: "signup.error.taken" }, values } };
    throw error;
  }
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  throw redirect("/applications/new", { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}
