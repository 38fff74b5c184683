import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { User } from "@models/user";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

async function signIn(username: string, password: string, extra: { origin?: string | null; address?: string } = {}) {
  return postForm(baseUrl, "/login", { username, password }, { origin: extra.origin });
}

function hasSession(response: Response): boolean {
  return response.headers.getSetCookie().some((c) => c.startsWith("__session=") && !c.startsWith("__session=;"));
}

describe("sign-in refuses bad input with a clear message and no session", () => {
  const cases: [string, string, string, string][] = [
    ["empty username", "", "x", "请输入用户名"],
    ["empty password", "regulator", "", "请输入密码"],
    ["overlong username", "a".repeat(65), "x", "用户名过长"],
    ["overlong password", "regulator", "p".repeat(257), "密码过长"],
    ["injection-shaped username", '{"$ne":""}', "x", "用户名只能包含字母"],
    ["unknown user", "nobody-here", "Whatever123", "用户名或密码不正确"],
    ["wrong password", "regulator", "wrong-password", "用户名或密码不正确"],
  ];
  for (const [label, username, password, message] of cases) {
    it(`answers ${label} with 400 and "${message}"`, async () => {
      const response = await signIn(username, password);
      expect(response.status).toBe(400);
      expect(hasSession(response)).toBe(false);
      expect(await response.text()).toContain(message);
    });
  }

  it("treats an operator-shaped password as a plain wrong password", async () => {
    const response = await signIn("judge", '{"$ne":""}');
    expect(response.status).toBe(400);
    expect(hasSession(response)).toBe(false);
  });

  it("keeps what the user typed in the username field", async () => {
    const response = await signIn("regulator", "wrong-password");
    expect(await response.text()).toMatch(/name="username"[^>]*value="regulator"/);
  });
});

describe("sign-in success", () => {
  it("issues a new session id at each sign-in and redirects to the role's home", async () => {
    const first = await signIn("regulator", DEMO_PASSWORD);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/regulator");
    const cookie = cookiesOf(first);
    const second = await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD }, { cookie });
    // Already signed in → the login page's action still rotates the session.
    expect(cookiesOf(second)).not.toBe(cookie);
  });

  it("sets the session cookie httpOnly and SameSite=Lax", async () => {
    const response = await signIn("judge", DEMO_PASSWORD);
    const header = response.headers.getSetCookie().find((c) => c.startsWith("__session="))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
  });

  it("ignores a redirect target on another site", async () => {
    const response = await postForm(baseUrl, "/login?redirectTo=//evil.example/", { username: "judge", password: DEMO_PASSWORD });
    expect(response.headers.get("location")).toBe("/judge");
  });
});

describe("rate limits", () => {
  it("refuses the 6th wrong password in a row for an account, even when it is right", async () => {
    await User.deleteOne({ username: "lockout-probe" });
    await User.create({ username: "lockout-probe", displayName: "锁定测试", role: "judge", passwordHash: await hashPassword("Correct-Horse-1") });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn("lockout-probe", `wrong-${attempt}`);
      expect(response.status).toBe(400);
    }
    const sixth = await signIn("lockout-probe", "Correct-Horse-1");
    expect(sixth.status).toBe(429);
    expect(hasSession(sixth)).toBe(false);
    expect(await sixth.text()).toMatch(/连续登录失败次数过多，请 \d+ 分钟后再试/);
  });
});

describe("mutations must come from this site", () => {
  it("refuses a form post without an Origin", async () => {
    const response = await signIn("regulator", DEMO_PASSWORD, { origin: null });
    expect(response.status).toBe(403);
    expect(hasSession(response)).toBe(false);
  });

  it("refuses a form post from another origin", async () => {
    const response = await signIn("regulator", DEMO_PASSWORD, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });
});

describe("access answers", () => {
  it("answers a signed-in judge on an admin page with 403", async () => {
    const cookie = cookiesOf(await signIn("judge", DEMO_PASSWORD));
    const response = await fetch(`${baseUrl}/admin`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("无权访问");
  });

  it("redirects an anonymous visitor to sign in", async () => {
    const response = await fetch(`${baseUrl}/org`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Forg");
  });

  it("serves the 404 page in English when English is chosen", async () => {
    const cookie = cookiesOf(await postForm(baseUrl, "/set-locale", { locale: "en", redirectTo: "/" }));
    const response = await fetch(`${baseUrl}/nowhere`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });

  it("rejects a bad page parameter with 400, not 500", async () => {
    const cookie = cookiesOf(await signIn("admin", DEMO_PASSWORD));
    const response = await fetch(`${baseUrl}/admin?page=0`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(400);
  });
});
