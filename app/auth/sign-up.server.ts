/**
 * Public sign-up for applicants: founders of a new organization create an account to file a
 * registration application. Honeypot field and a per-address limit keep robots out.
 *
 * The chosen name is a stem: the account's username is the stem with a random number
 * ("zhangsan-4821"), shown once after sign-up. So the form never answers "this name is taken",
 * which told anyone which usernames exist (`regulator`, `admin` …), and an applicant can never
 * take a staff account's name.
 */
import { randomInt } from "node:crypto";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { User } from "@models/user";
import { recordAudit } from "~/audit/audit-trail.server";
import { isDuplicateKeyError } from "~/db.server";
import { parseForm, type FormFields } from "~/forms/parse-form";
import { takePublicFormSlot } from "~/http/public-rate-limit.server";
import type { MessageKey, Params } from "~/i18n/i18n";
import { securitySettings } from "~/security/settings.server";
import { newPasswordProblems, passwordUpdate } from "./passwords.server";
import { startSession } from "./session.server";

export const SIGN_UPS_PER_ADDRESS_PER_HOUR = 5;
const NUMBER_TRIES = 20;

export const signUpSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3, "signup.error.username")
      .max(40, "signup.error.username")
      .regex(/^[A-Za-z0-9._-]+$/, "login.error.usernameChars"),
    displayName: z.string().trim().min(1, "signup.error.displayName").max(32, "signup.error.displayName"),
    password: z.string().min(1, "password.error.newRequired").max(256, "login.error.passwordTooLong"),
    confirm: z.string(),
    website: z.string().max(0, "validation.invalid"), // honeypot: people never see it
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "signup.error.confirm" });

export type SignUpFailure = { errors: Partial<Record<string, MessageKey>>; params?: Params; values: { username: string; displayName: string } };

export async function signUp(fields: FormFields, clientAddress: string): Promise<{ status: number; body: SignUpFailure }> {
  const form = parseForm(signUpSchema, fields, { keepOut: ["password", "confirm", "website"] });
  const values = { username: form.ok ? form.data.username : (form.values.username ?? ""), displayName: form.ok ? form.data.displayName : (form.values.displayName ?? "") };
  if (!form.ok) return { status: 400, body: { errors: form.errors, values } };
  const stem = form.data.username.toLowerCase();
  const problems = await newPasswordProblems({ username: stem }, form.data.password);
  if (problems.length > 0) {
    const { password: policy } = await securitySettings();
    return { status: 400, body: { errors: { password: problems[0]! }, params: { min: policy.minLength, classes: policy.minClasses, history: policy.historyCount }, values } };
  }
  if (!(await takePublicFormSlot(`signup:ip:${clientAddress}`, SIGN_UPS_PER_ADDRESS_PER_HOUR))) {
    return { status: 429, body: { errors: { _form: "signup.error.tooMany" }, values } };
  }
  const password = await passwordUpdate({}, form.data.password, { temporary: false });
  const user = await createWithFreeNumber(stem, { displayName: form.data.displayName, role: "applicant", ...password });
  const actor = { id: String(user._id), username: user.username, displayName: user.displayName, role: "applicant" };
  await recordAudit({ actor, action: "account.create", object: { kind: "user", id: actor.id, label: user.username }, detail: { by: "signUp", role: "applicant" } });
  throw redirect(`/signup?created=${encodeURIComponent(user.username)}`, { headers: await startSession(actor.id) });
}

async function createWithFreeNumber(stem: string, fields: Record<string, unknown>) {
  for (let attempt = 0; attempt < NUMBER_TRIES; attempt++) {
    // Four digits, then five once those keep clashing.
    const username = `${stem}-${attempt < NUMBER_TRIES / 2 ? randomInt(1000, 10_000) : randomInt(10_000, 100_000)}`;
    try {
      return await User.create({ username, ...fields });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error(`no free number for the username stem ${stem}`);
}
