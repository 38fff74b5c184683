/**
 * Setting passwords under the policy: the rules (app/auth/password-policy.ts) plus no reuse of
 * the last n, expiry, the temporary password of an administrator's reset, and a user's own
 * change. Every change or reset ends the account's other sessions and is audited.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { User } from "@models/user";
import { recordAudit } from "~/audit/audit-trail.server";
import { env } from "~/env.server";
import { parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import type { MessageKey, Params } from "~/i18n/i18n";
import type { PasswordPolicy } from "~/security/security-settings";
import { securitySettings } from "~/security/settings.server";
import type { SessionUser } from "./session-user";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblems } from "./password-policy";
import { accountKey, claimGuess, recordSuccess } from "./rate-limit.server";
import { endSessionsOf, getSession } from "./session.server";

/** How many earlier hashes are kept, whatever the setting (its largest value). */
const HISTORY_KEPT = 24;

/** Development and test databases keep the demo accounts' published password (ADR 016). */
export function publishedPasswordAllowed(): boolean {
  return env().NODE_ENV !== "production";
}

export function passwordExpired(passwordChangedAt: Date | string | null | undefined, policy: PasswordPolicy, now = Date.now()): boolean {
  if (!passwordChangedAt) return false;
  return now - new Date(passwordChangedAt).getTime() > policy.maxAgeDays * 24 * 60 * 60 * 1000;
}

/** What is wrong with `password` as this account's new password (rules, then reuse). */
export async function newPasswordProblems(
  account: { username: string; passwordHash?: string | null; passwordHistory?: string[] | null },
  password: string,
): Promise<MessageKey[]> {
  const { password: policy } = await securitySettings();
  const problems = passwordProblems(password, { username: account.username, policy, publishedAllowed: publishedPasswordAllowed() });
  if (problems.length > 0) return problems;
  const recent = [account.passwordHash, ...(account.passwordHistory ?? [])].filter((h): h is string => Boolean(h)).slice(0, policy.historyCount);
  for (const hash of recent) {
    if (await verifyPassword(hash, password)) return ["password.error.reused"];
  }
  return [];
}

/** The update that sets a new password and keeps the old hash in the history. */
export async function passwordUpdate(
  account: { passwordHash?: string | null; passwordHistory?: string[] | null },
  password: string,
  options: { temporary: boolean; now?: Date },
) {
  const history = [account.passwordHash, ...(account.passwordHistory ?? [])].filter((h): h is string => Boolean(h)).slice(0, HISTORY_KEPT);
  return {
    passwordHash: await hashPassword(password),
    passwordHistory: history,
    passwordChangedAt: options.now ?? new Date(),
    mustChangePassword: options.temporary,
  };
}

const TEMPORARY_ALPHABETS = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "@#%+=?"];

/** A random password that meets any policy the settings allow (every class, long enough). */
export function temporaryPassword(policy: PasswordPolicy): string {
  const length = Math.max(policy.minLength, 14);
  const all = TEMPORARY_ALPHABETS.join("");
  const chars = TEMPORARY_ALPHABETS.map((alphabet) => alphabet[randomInt(alphabet.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "password.error.currentRequired").max(256, "login.error.passwordTooLong"),
    newPassword: z.string().min(1, "password.error.newRequired").max(256, "login.error.passwordTooLong"),
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "signup.error.confirm" });

export type ChangePasswordResult = { ok: true } | { ok: false; status: number; errors: FieldErrors; params?: Params };

/**
 * A user changes their own password: the current one is a guess like a sign-in's (it counts
 * against the lockout), the new one must pass the policy. Other sessions of the account end.
 */
export async function changeOwnPassword(request: Request, user: SessionUser, fields: FormFields): Promise<ChangePasswordResult> {
  const form = parseForm(changePasswordSchema, fields);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors };
  const settings = await securitySettings();
  const key = accountKey(user.username);
  const claim = await claimGuess(key, { limit: settings.lockout.maxFailures, windowMs: settings.lockout.windowMinutes * 60_000 });
  if (!claim.ok) return { ok: false, status: 429, errors: { _form: "login.error.locked" }, params: { minutes: claim.retryAfterMinutes } };
  const account = await User.findById(user.id, { username: 1, passwordHash: 1, passwordHistory: 1 }).lean();
  if (!account || !(await verifyPassword(account.passwordHash, form.data.currentPassword))) {
    await recordAudit({ actor: user, action: "password.change", object: { kind: "user", id: user.id, label: user.username }, outcome: "failure", detail: { reason: "currentPasswordWrong" } });
    return { ok: false, status: 400, errors: { currentPassword: "password.error.currentWrong" } };
  }
  await recordSuccess(key, claim);
  const problems = await newPasswordProblems(account, form.data.newPassword);
  if (problems.length > 0) return { ok: false, status: 400, errors: { newPassword: problems[0]! }, params: { min: settings.password.minLength, classes: settings.password.minClasses, history: settings.password.historyCount } };
  await User.updateOne({ _id: account._id }, { $set: await passwordUpdate(account, form.data.newPassword, { temporary: false }) });
  const session = await getSession(request);
  await endSessionsOf(user.id, session.id || undefined);
  await recordAudit({ actor: user, action: "password.change", object: { kind: "user", id: user.id, label: user.username } });
  return { ok: true };
}
