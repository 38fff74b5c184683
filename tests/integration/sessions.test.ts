import { describe, expect, it } from "vitest";
import { Session } from "@models/session";
import { User } from "@models/user";
import { getUser } from "~/auth/guards.server";
import { hashPassword } from "~/auth/password.server";
import { ABSOLUTE_TIMEOUT_MS, deleteExpiredSessions, IDLE_TIMEOUT_MS, sessionStorage } from "~/auth/session.server";

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
});
