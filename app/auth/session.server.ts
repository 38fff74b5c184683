/**
 * Cookie-carried, database-backed sessions. The cookie holds a signed random id (secrets
 * rotate via SESSION_SECRETS, newest first); the row holds the data. Idle (30 min) and
 * absolute (12 h) limits are enforced on every read.
 */
import { randomBytes } from "node:crypto";
import { createCookie, createSessionStorage } from "@remix-run/node";
import mongoose from "mongoose";
import { Session } from "@models/session";
import { env } from "~/env.server";

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionData {
  userId: string;
}
export interface SessionFlash {
  notice: string;
}

export function isExpired(row: { createdAt: Date; lastSeenAt: Date }, now = Date.now()): boolean {
  return now - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS || now - row.createdAt.getTime() > ABSOLUTE_TIMEOUT_MS;
}

let storage: ReturnType<typeof build> | undefined;

function build() {
  const { NODE_ENV, sessionSecrets } = env();
  const cookie = createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    secure: NODE_ENV === "production",
    path: "/",
    secrets: sessionSecrets,
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
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
      const row = await Session.findById(id).lean();
      if (!row) return null;
      const now = Date.now();
      if (isExpired(row, now)) {
        await Session.deleteOne({ _id: id });
        return null;
      }
      if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await Session.updateOne({ _id: id }, { $set: { lastSeenAt: new Date(now) } });
      }
      return row.data as Partial<SessionData>;
    },
    async updateData(id, data) {
      await Session.updateOne({ _id: id }, { $set: { data, userId: data.userId } });
    },
    async deleteData(id) {
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

/** Deletes every session row past its limits; run by the sweeper. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const idleCutoff = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const absoluteCutoff = new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS);
  const result = await Session.deleteMany({
    $or: [{ lastSeenAt: mongoose.trusted({ $lt: idleCutoff }) }, { createdAt: mongoose.trusted({ $lt: absoluteCutoff }) }],
  });
  return result.deletedCount;
}
