/**
 * Cookie-carried, database-backed sessions. The cookie holds a signed random id (secrets
 * rotate via SESSION_SECRETS, newest first); the row holds the data. The idle and absolute
 * limits (the security administrator's settings; 30 minutes and 12 hours by default) are
 * enforced on every read.
 *
 * Each process keeps the session rows it read, checked against the `auth` read-model token on
 * every read (ADR 011): the token is read with the request's other tokens in one query, and every
 * write to sessions or users replaces it, so a sign-out, a deleted or expired session, a disabled
 * account or a changed user shows on the next request in every process. A copy is used only
 * within a minute of its lastSeenAt (after that the row is read again, and touched if due), so
 * the idle limit is always decided on the row as stored.
 */
import { randomBytes } from "node:crypto";
import { createCookie, createSessionStorage } from "@remix-run/node";
import mongoose from "mongoose";
import { AUTH_READ_MODEL } from "@models/read-model-version";
import { Session } from "@models/session";
import { env } from "~/env.server";
import { readTokens } from "~/read-model/versioned.server";
import type { SessionPolicy } from "~/security/security-settings";
import { securitySettings } from "~/security/settings.server";
/** lastSeenAt is written at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionData {
  userId: string;
}
export interface SessionFlash {
  notice: string;
}

export function isExpired(row: { createdAt: Date; lastSeenAt: Date }, policy: SessionPolicy, now = Date.now()): boolean {
  return now - row.lastSeenAt.getTime() > policy.idleMinutes * 60_000 || now - row.createdAt.getTime() > policy.absoluteMinutes * 60_000;
}

/** The copies this process holds: at most this many, the oldest dropped first. */
export const AUTH_COPIES_MAX = 5_000;

/**
 * How long a copy is trusted at most, even under an unchanged token: should a token write fail
 * after its row write committed, a stale copy (a disabled user, a changed role) still ends here.
 */
export const AUTH_COPY_MAX_AGE_MS = 60_000;

/** A bounded map of copies, each valid only while the `auth` token it was read under is current. */
export class AuthCopies<T> {
  private readonly copies = new Map<string, { token: string; value: T; at: number }>();
  get(key: string, token: string, now = Date.now()): T | undefined {
    const copy = this.copies.get(key);
    return copy?.token === token && now - copy.at <= AUTH_COPY_MAX_AGE_MS ? copy.value : undefined;
  }
  set(key: string, token: string, value: T, now = Date.now()): void {
    this.copies.delete(key);
    this.copies.set(key, { token, value, at: now });
    if (this.copies.size > AUTH_COPIES_MAX) this.copies.delete(this.copies.keys().next().value!);
  }
  delete(key: string): void {
    this.copies.delete(key);
  }
}

/** The `auth` token, read before the rows it vouches for (in a request, with the other tokens). */
export async function authToken(): Promise<string> {
  return (await readTokens([AUTH_READ_MODEL]))[0]!;
}

type SessionRow = { data: unknown; createdAt: Date; lastSeenAt: Date };
const sessionCopies = new AuthCopies<SessionRow>();

let storage: ReturnType<typeof build> | undefined;

function build() {
  const { NODE_ENV, sessionSecrets } = env();
  const cookie = createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    secure: NODE_ENV === "production",
    path: "/",
    secrets: sessionSecrets,
    // No maxAge here: startSession gives each new cookie the absolute limit in force then.
  });
  return createSessionStorage<SessionData, SessionFlash>({
    cookie,
    async createData(data) {
      const id = randomBytes(32).toString("base64url");
      const now = new Date();
      await Session.create({ _id: id, data, userId: data.userId, createdAt: now, lastSeenAt: now });
      return id;
    },
    async readData(id) {
      const [token, { session: policy }] = await Promise.all([authToken(), securitySettings()]);
      const copy = sessionCopies.get(id, token);
      if (copy && Date.now() - copy.lastSeenAt.getTime() <= TOUCH_INTERVAL_MS && !isExpired(copy, policy)) return copy.data as Partial<SessionData>;
      sessionCopies.delete(id);
      const row = await Session.findById(id, { data: 1, createdAt: 1, lastSeenAt: 1 }).lean();
      if (!row) return null;
      const now = Date.now();
      if (isExpired(row, policy, now)) {
        await Session.deleteOne({ _id: id });
        return null;
      }
      let lastSeenAt = row.lastSeenAt;
      if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        lastSeenAt = new Date(now);
        // Through the driver, leaving the auth token alone: a later lastSeenAt never ends a
        // session, and another process's older copy is re-read before it could decide on it.
        // Replacing the token here would void every process's copies once a minute per user.
        await Session.collection.updateOne({ _id: id as never }, { $set: { lastSeenAt } });
      }
      sessionCopies.set(id, token, { data: row.data, createdAt: row.createdAt, lastSeenAt });
      return row.data as Partial<SessionData>;
    },
    async updateData(id, data) {
      sessionCopies.delete(id);
      await Session.updateOne({ _id: id }, { $set: { data, userId: data.userId } });
    },
    async deleteData(id) {
      sessionCopies.delete(id);
      await Session.deleteOne({ _id: id });
    },
  });
}

export function sessionStorage() {
  storage ??= build();
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

/**
 * A new session for a user who just proved who they are (sign-in, sign-up): the request's old
 * session, if any, is destroyed, never upgraded; with "one session per account" on, the
 * account's other sessions end too. Answers the Set-Cookie headers.
 */
export async function startSession(userId: string, request?: Request): Promise<Headers> {
  const storage = sessionStorage();
  const { session: policy } = await securitySettings();
  const headers = new Headers();
  if (request) {
    const previous = await getSession(request);
    if (previous.id) headers.append("Set-Cookie", await storage.destroySession(previous));
  }
  if (policy.singleSession) await Session.deleteMany({ userId });
  const fresh = await storage.getSession();
  fresh.set("userId", userId);
  headers.append("Set-Cookie", await storage.commitSession(fresh, { maxAge: policy.absoluteMinutes * 60 }));
  return headers;
}

/** Ends every session of an account (disabled, password reset or changed elsewhere). */
export async function endSessionsOf(userId: string, exceptSessionId?: string): Promise<void> {
  await Session.deleteMany(exceptSessionId ? { userId, _id: mongoose.trusted({ $ne: exceptSessionId }) } : { userId });
}

/** Deletes every session row past its limits; run by the sweeper. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const { session: policy } = await securitySettings();
  const idleCutoff = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const absoluteCutoff = new Date(now.getTime() - policy.absoluteMinutes * 60_000);
  const result = await Session.deleteMany({
    $or: [{ lastSeenAt: mongoose.trusted({ $lt: idleCutoff }) }, { createdAt: mongoose.trusted({ $lt: absoluteCutoff }) }],
  });
  return result.deletedCount;
}
