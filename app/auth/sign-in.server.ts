/** Sign-in: validation, guess limits, password check, fresh session, audit. */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { User } from "@models/user";
import { recordAudit } from "~/audit/audit-trail.server";
import { parseForm, type FormFields } from "~/forms/parse-form";
import type { MessageKey, Params } from "~/i18n/i18n";
import { securitySettings } from "~/security/settings.server";
import { getUser, PASSWORD_PAGE, ROLE_HOME, safeRedirectPath } from "./guards.server";
import { verifyPassword } from "./password.server";
import { passwordExpired, publishedPasswordAllowed } from "./passwords.server";
import { passwordProblems } from "./password-policy";
import { accountKey, checkAddress, claimGuess, recordAddressFailure, recordSuccess } from "./rate-limit.server";
import { getSession, sessionStorage, startSession } from "./session.server";

export const signInSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, "login.error.usernameRequired")
    .max(64, "login.error.usernameTooLong")
    .regex(/^[A-Za-z0-9._-]+$/, "login.error.usernameChars"),
  password: z.string().min(1, "login.error.passwordRequired").max(256, "login.error.passwordTooLong"),
});

export type SignInFailure = {
  errors: Partial<Record<"username" | "password" | "_form", MessageKey>>;
  params?: Params;
  values: { username: string };
};

/** Returns a failure to show (status 400/403/429), or throws the redirect into a new session. */
export async function signIn(
  request: Request,
  fields: FormFields,
  clientAddress: string,
): Promise<{ status: number; body: SignInFailure }> {
  const form = parseForm(signInSchema, fields, { keepOut: ["password"] });
  if (!form.ok) return { status: 400, body: { errors: form.errors, values: { username: form.values.username ?? "" } } };
  const { username, password } = form.data;
  const values = { username };
  const named = { username: username.toLowerCase(), role: "unknown" };
  const object = { kind: "user", label: username.toLowerCase() };
  const settings = await securitySettings();
  const windowMs = settings.lockout.windowMinutes * 60_000;

  // The address's failures so far, then the account's guess takes its place before it is checked (rate-limit.server.ts).
  const byAddress = await checkAddress(clientAddress, windowMs);
  if (!byAddress.ok) {
    await recordAudit({ actor: named, action: "auth.signIn", object, outcome: "denied", detail: { reason: "addressLimited" } });
    return { status: 429, body: { errors: { _form: "login.error.ipLimited" }, params: { minutes: byAddress.retryAfterMinutes }, values } };
  }
  const byAccount = await claimGuess(accountKey(username), { limit: settings.lockout.maxFailures, windowMs });
  if (!byAccount.ok) {
    await recordAddressFailure(clientAddress, windowMs);
    await recordAudit({ actor: named, action: "auth.signIn", object, outcome: "denied", detail: { reason: "locked" } });
    return { status: 429, body: { errors: { _form: "login.error.locked" }, params: { minutes: byAccount.retryAfterMinutes }, values } };
  }

  const user = await User.findOne({ username: username.toLowerCase() }, { username: 1, displayName: 1, passwordHash: 1, role: 1, disabled: 1, passwordChangedAt: 1, mustChangePassword: 1 }).lean();
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  const actor = user ? { id: String(user._id), username: user.username, displayName: user.displayName, role: user.role } : named;
  if (!user || !valid || user.disabled) {
    await recordAddressFailure(clientAddress, windowMs);
    if (user && valid) {
      await recordAudit({ actor, action: "auth.signIn", object, outcome: "denied", detail: { reason: "disabled" } });
      return { status: 403, body: { errors: { _form: "login.error.disabled" }, values } };
    }
    await recordAudit({ actor, action: "auth.signIn", object, outcome: "failure", detail: { reason: user ? "wrongPassword" : "unknownUser" } });
    if (byAccount.place >= settings.lockout.maxFailures) {
      await recordAudit({ actor, action: "auth.lockout", object, outcome: "success", detail: { failures: byAccount.place, windowMinutes: settings.lockout.windowMinutes } });
    }
    return { status: 400, body: { errors: { _form: "login.error.invalid" }, values } };
  }
  await recordSuccess(accountKey(username), byAccount);

  // A password the policy no longer accepts (e.g. the published demo password in production,
  // or one set before the policy was tightened) works once more, to choose a new one.
  const weak = passwordProblems(password, { username: user.username, policy: settings.password, publishedAllowed: publishedPasswordAllowed() }).length > 0;
  const update: Record<string, unknown> = { lastLoginAt: new Date() };
  if (weak && !user.mustChangePassword) update.mustChangePassword = true;
  await User.updateOne({ _id: user._id }, { $set: update });

  const headers = await startSession(String(user._id), request);
  const mustChange = weak || user.mustChangePassword || passwordExpired(user.passwordChangedAt, settings.password);
  await recordAudit({ actor, action: "auth.signIn", object, detail: mustChange ? { passwordChangeRequired: true } : {} });

  const home = ROLE_HOME[user.role];
  const target = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo") ?? fields.redirectTo, home);
  const next = target === "/" ? home : target;
  throw redirect(mustChange ? `${PASSWORD_PAGE}?${new URLSearchParams({ required: "1", redirectTo: next })}` : next, { headers });
}

export async function signOut(request: Request): Promise<Response> {
  const [session, user] = await Promise.all([getSession(request), getUser(request)]);
  if (user) await recordAudit({ actor: user, action: "auth.signOut", object: { kind: "user", id: user.id, label: user.username } });
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}
