import { describe, expect, it, inject } from "vitest";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const good = (username: string) => ({ username, displayName: "发起人", password: "Founder-2026!", confirm: "Founder-2026!", website: "" });

describe("applicant sign-up", () => {
  it("creates an applicant account named after the chosen name and a number, signs it in and shows the name once", async () => {
    const stem = `founder${Date.now() % 100000}`;
    const response = await postForm(baseUrl, "/signup", good(stem));
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/signup\\?created=${stem}-\\d{4}$`));
    const cookie = cookiesOf(response);
    const shown = await fetch(`${baseUrl}${location}`, { headers: { Cookie: cookie } });
    expect(await shown.text()).toContain(location.split("=")[1]);
    const page = await fetch(`${baseUrl}/applications/new`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
  });

  it("answers a staff account's name exactly like any other, so sign-up tells nobody which usernames exist", async () => {
    const taken = await postForm(baseUrl, "/signup", good("regulator"));
    expect(taken.status).toBe(302);
    expect(taken.headers.get("location")).toMatch(/^\/signup\?created=regulator-\d{4}$/);
    // The staff account is untouched: it still signs in with its own password.
    const staff = await postForm(baseUrl, "/login", { username: "regulator", password: "Yinchuan@2026" });
    expect(staff.headers.get("location")).toBe("/regulator");
  });

  it("refuses mismatched passwords and passwords the policy refuses, keeping the name typed", async () => {
    const mismatch = await postForm(baseUrl, "/signup", { ...good("someone-new"), confirm: "Different-2026!" });
    const html = await mismatch.text();
    expect(mismatch.status).toBe(400);
    expect(html).toContain("两次输入的密码不一致");
    expect(html).toMatch(/name="username"[^>]*value="someone-new"/);
    const refused: [string, string][] = [
      ["short", "密码至少 10 个字符"],
      ["aaaaaaaaaa", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类"],
      ["1234567890", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类"],
      ["Someone-else-1", "密码不能包含用户名"],
      ["Password@2026", "这个密码过于常见"],
    ];
    for (const [password, message] of refused) {
      const response = await postForm(baseUrl, "/signup", { ...good("someone-else"), password, confirm: password });
      expect(response.status, password).toBe(400);
      expect(await response.text(), password).toContain(message);
    }
  });

  it("refuses a robot that fills the hidden field, creating nothing", async () => {
    const response = await postForm(baseUrl, "/signup", { ...good("robot-account"), website: "http://spam.example" });
    expect(response.status).toBe(400);
    const signIn = await postForm(baseUrl, "/login", { username: "robot-account", password: "Founder-2026!" });
    expect(signIn.status).toBe(400);
  });
});
