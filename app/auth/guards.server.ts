/**
 * Access helpers every loader and action uses. Role checks live here, never in the UI only.
 *  - no user        → pages redirect to /login?redirectTo=…, API calls get 401
 *  - wrong role     → 403
 *  - object not his → 404 (we do not confirm that someone else's record exists)
 */
import { redirect } from "@remix-run/node";
import { User, type Role } from "@models/user";
import { recordAudit } from "~/audit/audit-trail.server";
import { memoInRequest } from "~/http/request-scope.server";
import { securitySettings } from "~/security/settings.server";
import { passwordExpired } from "./passwords.server";
import type { SessionUser } from "./session-user";
import { AuthCopies, authToken, getSession } from "./session.server";

export type { SessionUser };

export const ROLE_HOME: Record<Role, string> = {
  regulator: "/regulator",
  judge: "/judge",
  org: "/org",
  instructor: "/instructor",
  applicant: "/applications",
  sysadmin: "/admin",
  secadmin: "/security",
  auditadmin: "/audit",
};

/** Where a user changes their own password (and must, after a reset or once it expired). */
export const PASSWORD_PAGE = "/account/password";

/**
 * The root loader and the page's loader both ask who the user is: the answer is read once per
 * HTTP request (session row + user row), keyed by the cookie in case the request changes it.
 */
export function getUser(request: Request): Promise<SessionUser | null> {
  return memoInRequest(`user:${request.headers.get("Cookie") ?? ""}`, () => readUser(request));
}

/**
 * Signed-in users as last read, checked against the `auth` token (ADR 011): any write to a user
 * (disabling, a role or password change) replaces it, so the next request in any process reads
 * the row again. A missing or disabled user is kept too (as null).
 */
const userCopies = new AuthCopies<SessionUser | null>();

async function readUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (!userId) return null;
  const token = await authToken();
  const copy = userCopies.get(userId, token);
  if (copy !== undefined) return copy;
  const user = await findUser(userId);
  userCopies.set(userId, token, user);
  return user;
}

async function findUser(userId: string): Promise<SessionUser | null> {
  const user = await User.findById(userId, {
    username: 1,
    displayName: 1,
    role: 1,
    organizationId: 1,
    partyInstructorId: 1,
    disabled: 1,
    mustChangePassword: 1,
    passwordChangedAt: 1,
  }).lean();
  if (!user || user.disabled) return null;
  // Shared by the requests that use this copy: frozen, so none can change it for the others.
  return Object.freeze({
    id: String(user._id),
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    organizationId: user.organizationId ? String(user.organizationId) : null,
    partyInstructorId: user.partyInstructorId ? String(user.partyInstructorId) : null,
    mustChangePassword: user.mustChangePassword ?? false,
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
  });
}

export { safeRedirectPath } from "~/http/safe-redirect";

/** Must this user set a new password before anything else (a reset, or the policy's expiry)? */
export async function mustChangePassword(user: SessionUser, now = Date.now()): Promise<boolean> {
  if (user.mustChangePassword) return true;
  const { password } = await securitySettings();
  return passwordExpired(user.passwordChangedAt, password, now);
}

/**
 * The signed-in user, or a redirect to sign in. A user who must change their password is sent
 * to the password page first (`passwordPage: true` is that page itself).
 */
export async function requireUser(request: Request, options: { passwordPage?: boolean } = {}): Promise<SessionUser> {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (user) {
    if (options.passwordPage || !(await mustChangePassword(user))) return user;
    if (url.pathname.startsWith("/api/")) throw Response.json({ error: "password_change_required" }, { status: 403 });
    throw redirect(`${PASSWORD_PAGE}?${new URLSearchParams({ required: "1", redirectTo: `${url.pathname}${url.search}` })}`);
  }
  if (url.pathname.startsWith("/api/")) {
    throw Response.json({ error: "unauthenticated" }, { status: 401 });
  }
  const hadCookie = (request.headers.get("Cookie") ?? "").includes("__session=");
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (hadCookie) params.set("expired", "1");
  throw redirect(`/login?${params}`);
}

/** The signed-in user if their role is one of `roles`; otherwise 403, and the attempt is audited. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (roles.includes(user.role)) return user;
  const { pathname } = new URL(request.url);
  await recordAudit({ actor: user, action: "access.denied", object: { kind: "page", label: pathname }, outcome: "denied", detail: { method: request.method } });
  throw new Response("Forbidden", { status: 403 });
}

/**
 * Object-level check for an organization's records: regulators see all, an org user only their
 * own, an instructor only organizations assigned to them. Everyone else gets 404 — the three
 * administrators too: administering the system is not reading its business data (三员分立).
 */
export function assertOrganizationAccess(
  user: SessionUser,
  organization: { _id: unknown; party?: { instructorId?: unknown } | null },
): void {
  if (user.role === "regulator") return;
  if (user.role === "org" && user.organizationId === String(organization._id)) return;
  if (user.role === "instructor" && user.partyInstructorId && user.partyInstructorId === String(organization.party?.instructorId ?? "")) {
    return;
  }
  throw new Response("Not Found", { status: 404 });
}
