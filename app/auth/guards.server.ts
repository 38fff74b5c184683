/**
 * Access helpers every loader and action uses. Role checks live here, never in the UI only.
 *  - no user        → pages redirect to /login?redirectTo=…, API calls get 401
 *  - wrong role     → 403
 *  - object not his → 404 (we do not confirm that someone else's record exists)
 */
import { redirect } from "@remix-run/node";
import { User, type Role } from "@models/user";
import { memoInRequest } from "~/http/request-scope.server";
import { AuthCopies, authToken, getSession } from "./session.server";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  partyInstructorId: string | null;
}

export const ROLE_HOME: Record<Role, string> = {
  regulator: "/regulator",
  judge: "/judge",
  org: "/org",
  instructor: "/instructor",
  admin: "/admin",
  applicant: "/applications",
};

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
  });
}

/** A same-site path to return to after sign-in; anything else falls back to "/". */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/")) {
    throw Response.json({ error: "unauthenticated" }, { status: 401 });
  }
  const hadCookie = (request.headers.get("Cookie") ?? "").includes("__session=");
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (hadCookie) params.set("expired", "1");
  throw redirect(`/login?${params}`);
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/**
 * Object-level check for an organization's records: regulators and admins see all, an org
 * user only their own, an instructor only organizations assigned to them. Everyone else
 * gets 404.
 */
export function assertOrganizationAccess(
  user: SessionUser,
  organization: { _id: unknown; party?: { instructorId?: unknown } | null },
): void {
  if (user.role === "regulator" || user.role === "admin") return;
  if (user.role === "org" && user.organizationId === String(organization._id)) return;
  if (user.role === "instructor" && user.partyInstructorId && user.partyInstructorId === String(organization.party?.instructorId ?? "")) {
    return;
  }
  throw new Response("Not Found", { status: 404 });
}
