import { describe, expect, it, inject } from "vitest";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const good = (username: string) => ({ username, displayName: "发起人", password: "Founder-2026!", confirm: "Founder-2026!", website: "" });

describe("applicant sign-up", () => {
  it("creates an applicant account, signs it in and opens a new application", async () => {
    const response = await postForm(baseUrl, "/signup", good(`founder${Date.now() % 100000}`));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/applications/new");
    const page = await fetch(`${baseUrl}/applications/new`, { headers: { Cookie: cookiesOf(response) }, redirect: "manual" });
    expect(page.status).toBe(200);
  });

  it("refuses a taken username, mismatched passwords and a short password, keeping the name typed", async () => {
    const taken = await postForm(baseUrl, "/signup", good("regulator"));
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("该用户名已被使用");
    const mismatch = await postForm(baseUrl, "/signup", { ...good("someone-new"), confirm: "Different-2026!" });
    const html = await mismatch.text();
    expect(mismatch.status).toBe(400);
    expect(html).toContain("两次输入的密码不一致");
    expect(html).toMatch(/name="username"[^>]*value="someone-new"/);
    const short = await postForm(baseUrl, "/signup", { ...good("someone-else"), password: "short", confirm: "short" });
    expect(await short.text()).toContain("密码至少 10 个字符");
  });

  it("refuses a robot that fills the hidden field, creating nothing", async () => {
    const response = await postForm(baseUrl, "/signup", { ...good("robot-account"), website: "http://spam.example" });
    expect(response.status).toBe(400);
    const signIn = await postForm(baseUrl, "/login", { username: "robot-account", password: "Founder-2026!" });
    expect(signIn.status).toBe(400);
  });
});
