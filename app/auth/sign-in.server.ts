/** Sign-in: validation, rate limits, password check, fresh session. */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { User } from "@models/user";
import { parseForm } from "~/forms/parse-form";
import type { MessageKey, Params } from "~/i18n/i18n";
import { ROLE_HOME, safeRedirectPath } from "./guards.server";
import { verifyPassword } from "./password.server";
import { checkSignInLimit, clearAccountFailures, recordSignInFailure } from "./rate-limit.server";
import { getSession, sessionStorage } from "./session.server";

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

/** Returns a failure to show (status 400/429), or throws the redirect into a new session. */
export async function signIn(
  request: Request,
  formData: FormData,
  clientAddress: string,
): Promise<{ status: number; body: SignInFailure }> {
  const form = parseForm(signInSchema, formData, { keepOut: ["password"] });
  if (!form.ok) return { status: 400, body: { errors: form.errors, values: { username: form.values.username ?? "" } } };
  const { username, password } = form.data;
  const values = { username };

  const verdict = await checkSignInLimit(username, clientAddress);
  if (verdict.limited) {
    return {
      status: 429,
      body: {
        errors: { _form: verdict.scope === "account" ? "login.error.locked" : "login.error.ipLimited" },
        params: { minutes: verdict.retryAfterMinutes },
        values,
      },
    };
  }

  const user = await User.findOne({ username: username.toLowerCase() }, { passwordHash: 1, role: 1, disabled: 1 }).lean();
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await recordSignInFailure(username, clientAddress);
    return { status: 400, body: { errors: { _form: "login.error.invalid" }, values } };
  }
  if (user.disabled) return { status: 403, body: { errors: { _form: "login.error.disabled" }, values } };

  await clearAccountFailures(username);
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });

  // A new session id at sign-in: the old session (if any) is destroyed, never upgraded.
  const storage = sessionStorage();
  const previous = await getSession(request);
  const headers = new Headers();
  if (previous.id) headers.append("Set-Cookie", await storage.destroySession(previous));
  const fresh = await storage.getSession();
  fresh.set("userId", String(user._id));
  headers.append("Set-Cookie", await storage.commitSession(fresh));

  const target = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo") ?? formData.get("redirectTo"), ROLE_HOME[user.role]);
  throw redirect(target === "/" ? ROLE_HOME[user.role] : target, { headers });
}

export async function signOut(request: Request): Promise<Response> {
  const session = await getSession(request);
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}
