import mongoose from "mongoose";
import { describe, expect, it, vi } from "vitest";
import { AUTH_READ_MODEL, ReadModelVersion } from "@models/read-model-version";
import { Session } from "@models/session";
import { User } from "@models/user";
import { getUser } from "~/auth/guards.server";
import { hashPassword } from "~/auth/password.server";
import { deleteExpiredSessions, sessionStorage, startSession } from "~/auth/session.server";
import { withRequestScope } from "~/http/request-scope.server";
import { DEFAULT_SECURITY_SETTINGS } from "~/security/security-settings";
import { updateSecuritySettings } from "~/security/settings.server";
import { sessionUser } from "../support/users";

const IDLE_TIMEOUT_MS = DEFAULT_SECURITY_SETTINGS.session.idleMinutes * 60_000;
const ABSOLUTE_TIMEOUT_MS = DEFAULT_SECURITY_SETTINGS.session.absoluteMinutes * 60_000;

/** What another process's write leaves behind: the row changed and a new token, without this process knowing. */
async function tokenChangedElsewhere() {
  await ReadModelVersion.collection.updateOne({ _id: AUTH_READ_MODEL as never }, { $set: { token: String(new mongoose.Types.ObjectId()), changedAt: new Date() } }, { upsert: true });
}

/** getUser as a page request asks it: inside a request scope of its own. */
const userOf = (request: Request) => withRequestScope(() => getUser(request));

async function signedInRequest(): Promise<{ request: Request; sessionId: string }> {
  const user = await User.create({
    username: `s${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
    displayName: "会话测试",
    role: "regulator",
    passwordHash: await hashPassword("Session-Test-1"),
  });
  const session = await sessionStorage().getSession();
  session.set("userId", String(user._id));
  const setCookie = await sessionStorage().commitSession(session);
  const request = new Request("http://localhost/regulator", { headers: { Cookie: setCookie.split(";")[0]! } });
  const fresh = await sessionStorage().getSession(request.headers.get("Cookie"));
  return { request, sessionId: fresh.id };
}

describe("database-backed sessions", () => {
  it("recognises the user of a fresh session", async () => {
    const { request } = await signedInRequest();
    expect((await getUser(request))?.displayName).toBe("会话测试");
  });

  it("ends a session idle for more than 30 minutes and deletes its row", async () => {
    const { request, sessionId } = await signedInRequest();
    await Session.updateOne({ _id: sessionId }, { $set: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    expect(await getUser(request)).toBeNull();
    expect(await Session.countDocuments({ _id: sessionId })).toBe(0);
  });

  it("ends a session older than 12 hours even when it was used a minute ago", async () => {
    const { request, sessionId } = await signedInRequest();
    await Session.updateOne(
      { _id: sessionId },
      { $set: { createdAt: new Date(Date.now() - ABSOLUTE_TIMEOUT_MS - 1000), lastSeenAt: new Date(Date.now() - 60_000) } },
    );
    expect(await getUser(request)).toBeNull();
  });

  it("refuses a session cookie signed with an unknown secret", async () => {
    const { request } = await signedInRequest();
    const forged = new Request(request.url, { headers: { Cookie: request.headers.get("Cookie")!.replace(/\.[^.]+$/, ".forgedsignature") } });
    expect(await getUser(forged)).toBeNull();
  });

  it("sweeps expired rows and keeps live ones", async () => {
    const live = await signedInRequest();
    const stale = await signedInRequest();
    await Session.updateOne({ _id: stale.sessionId }, { $set: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) } });
    expect(await deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await Session.countDocuments({ _id: live.sessionId })).toBe(1);
    expect(await Session.countDocuments({ _id: stale.sessionId })).toBe(0);
  });

  describe("copies of sessions and users kept by a process (ADR 011)", () => {
    it("ends a signed-out session on the next request", async () => {
      const { request } = await signedInRequest();
      expect((await userOf(request))?.displayName).toBe("会话测试");
      await sessionStorage().destroySession(await sessionStorage().getSession(request.headers.get("Cookie")));
      expect(await userOf(request)).toBeNull();
    });

    it("refuses a disabled account and shows a changed role on the next request", async () => {
      const { request } = await signedInRequest();
      const user = (await userOf(request))!;
      await User.updateOne({ _id: user.id }, { $set: { role: "judge" } });
      expect((await userOf(request))?.role).toBe("judge");
      await User.updateOne({ _id: user.id }, { $set: { disabled: true } });
      expect(await userOf(request)).toBeNull();
      await User.updateOne({ _id: user.id }, { $set: { disabled: false } });
      expect((await userOf(request))?.role).toBe("judge");
    });

    it("sees another process's sign-out and password change at once", async () => {
      const first = await signedInRequest();
      const second = await signedInRequest();
      expect(await userOf(first.request)).not.toBeNull();
      expect(await userOf(second.request)).not.toBeNull();
      // Another process deletes one session (sign-out) and disables the other's user, writing the token itself.
      await Session.collection.deleteOne({ _id: first.sessionId as never });
      const secondUser = (await userOf(second.request))!;
      await User.collection.updateOne({ _id: new mongoose.Types.ObjectId(secondUser.id) }, { $set: { disabled: true } });
      await tokenChangedElsewhere();
      expect(await userOf(first.request)).toBeNull();
      expect(await userOf(second.request)).toBeNull();
    });

    it("decides the idle limit on the stored row, not on a copy", async () => {
      const { request, sessionId } = await signedInRequest();
      expect(await userOf(request)).not.toBeNull(); // this process now holds a copy
      // Nothing is written (the auth token is unchanged): only time passes beyond the idle limit.
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(Date.now() + IDLE_TIMEOUT_MS + 1000);
        expect(await userOf(request)).toBeNull();
      } finally {
        vi.useRealTimers();
      }
      expect(await Session.countDocuments({ _id: sessionId })).toBe(0);
    });

    it("keeps a session alive by touching lastSeenAt once a minute at most", async () => {
      const { request, sessionId } = await signedInRequest();
      const old = new Date(Date.now() - 5 * 60_000);
      await Session.updateOne({ _id: sessionId }, { $set: { lastSeenAt: old } });
      expect(await userOf(request)).not.toBeNull();
      const touched = (await Session.findById(sessionId).lean())!.lastSeenAt;
      expect(touched.getTime()).toBeGreaterThan(old.getTime());
      expect(await userOf(request)).not.toBeNull();
      expect((await Session.findById(sessionId).lean())!.lastSeenAt.getTime()).toBe(touched.getTime());
    });
  });

  describe("limits the security administrator sets", () => {
    async function withSessionPolicy(session: Partial<typeof DEFAULT_SECURITY_SETTINGS.session>, run: () => Promise<void>) {
      const secadmin = await User.create({ username: `sec${Date.now()}`, displayName: "安全管理员", role: "secadmin", passwordHash: "x" });
      const actor = await sessionUser(secadmin.username);
      await updateSecuritySettings(actor, { ...DEFAULT_SECURITY_SETTINGS, session: { ...DEFAULT_SECURITY_SETTINGS.session, ...session } });
      try {
        await run();
      } finally {
        await updateSecuritySettings(actor, DEFAULT_SECURITY_SETTINGS);
      }
    }

    it("ends a session idle longer than the configured idle limit", async () => {
      await withSessionPolicy({ idleMinutes: 5 }, async () => {
        const { request, sessionId } = await signedInRequest();
        await Session.updateOne({ _id: sessionId }, { $set: { lastSeenAt: new Date(Date.now() - 6 * 60_000) } });
        expect(await userOf(request)).toBeNull();
      });
      // Under the default (30 minutes) the same idleness would have been fine.
      const { request, sessionId } = await signedInRequest();
      await Session.updateOne({ _id: sessionId }, { $set: { lastSeenAt: new Date(Date.now() - 6 * 60_000) } });
      expect(await userOf(request)).not.toBeNull();
    });

    it("ends a session older than the configured absolute limit", async () => {
      await withSessionPolicy({ idleMinutes: 30, absoluteMinutes: 60 }, async () => {
        const { request, sessionId } = await signedInRequest();
        await Session.updateOne({ _id: sessionId }, { $set: { createdAt: new Date(Date.now() - 61 * 60_000), lastSeenAt: new Date(Date.now() - 60_000) } });
        expect(await userOf(request)).toBeNull();
      });
    });

    it("with one session per account, a new sign-in ends the account's other sessions", async () => {
      await withSessionPolicy({ singleSession: true }, async () => {
        const { request } = await signedInRequest();
        const user = (await userOf(request))!;
        await startSession(user.id);
        expect(await userOf(request)).toBeNull();
        expect(await Session.countDocuments({ userId: user.id })).toBe(1);
      });
    });
  });
});
