/**
 * The holes the security test of the running app found (issue 16), each probed over HTTP the
 * way it was found. Every test here failed before its fix.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AuditRecord } from "@models/audit-record";
import { Organization } from "@models/organization";
import { OfficialDocument } from "@models/official-document";
import { SignInAttempt } from "@models/sign-in-attempt";
import { User } from "@models/user";
import { hashPassword } from "~/auth/password.server";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

const signIn = (username: string, password: string, path = "/login") => postForm(baseUrl, path, { username, password });

describe("open redirect after sign-in", () => {
  it.each([
    ["%2F%09%2Fevil.example%2Fphish", "a tab between the slashes"],
    ["%2F%09%5Cevil.example", "a tab and a backslash"],
    ["%2F%0D%0ASet-Cookie%3A%20x%3D1", "a line break (header injection)"],
    ["%2F%00", "a NUL"],
  ])("sends redirectTo=%s (%s) to the role's home, never off-site and never a 500", async (target) => {
    const response = await signIn("judge", DEMO_PASSWORD, `/login?redirectTo=${target}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/judge");
  });

  it("guards the language switch the same way", async () => {
    for (const redirectTo of ["/\t/evil.example/phish", "/\r\n/evil", "//evil.example"]) {
      const response = await postForm(baseUrl, "/set-locale", { locale: "en", redirectTo });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/");
    }
  });
});

describe("lockout under parallel guesses", () => {
  it("checks at most five guesses whatever the concurrency: 20 at once, one of them right", async () => {
    await User.deleteOne({ username: "parallel-probe" });
    await User.create({ username: "parallel-probe", displayName: "并发测试", role: "judge", passwordHash: await hashPassword("Correct-Horse-1") });
    const passwords = Array.from({ length: 20 }, (_, i) => (i === 13 ? "Correct-Horse-1" : `wrong-guess-${i}`));
    const responses = await Promise.all(passwords.map((password) => signIn("parallel-probe", password)));
    const statuses = responses.map((r) => r.status);
    const checked = statuses.filter((s) => s !== 429);
    expect(checked).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const attempts = await SignInAttempt.find({ key: "u:parallel-probe" }).lean();
    expect(attempts).toHaveLength(5);
    // The audit trail saw each checked guess and each refusal.
    const records = await AuditRecord.find({ action: "auth.signIn", "object.label": "parallel-probe" }, { outcome: 1, detail: 1 }).lean();
    expect(records.filter((r) => r.outcome === "denied")).toHaveLength(15);
  }, 60_000);
});

describe("bodies that are not forms get a 400 with a clear message, never a 500", () => {
  const post = (path: string, body: BodyInit | null, contentType?: string, cookie?: string) =>
    fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { Origin: baseUrl, ...(contentType ? { "Content-Type": contentType } : {}), ...(cookie ? { Cookie: cookie } : {}) },
      body,
      redirect: "manual",
    });

  let regulatorCookie = "";
  let organizationId = "";
  let competitionId = "";
  let verificationCode = "";
  beforeAll(async () => {
    verificationCode = (await OfficialDocument.findOne({}, { verificationCode: 1 }).lean())!.verificationCode;
    regulatorCookie = cookiesOf(await signIn("regulator", DEMO_PASSWORD));
    organizationId = String((await Organization.findOne({}, { _id: 1 }).lean())!._id);
    const competition = await mongoose.connection.collection("competitions").findOne({}, { projection: { _id: 1 } });
    competitionId = String(competition!._id);
  });

  it.each([
    ["JSON", JSON.stringify({ username: "judge", password: "x" }), "application/json"],
    ["plain text", "username=judge", "text/plain"],
    ["an empty body without a type", null, undefined],
    ["a truncated multipart body", '--XYZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nju', "multipart/form-data; boundary=XYZ"],
  ])("answers %s sent to /login, /signup, the public objection form and the public document check with 400", async (_label, body, type) => {
    for (const path of ["/login", "/signup", `/competitions/${competitionId}`, `/verify/${verificationCode}`]) {
      const response = await post(path, body, type);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain("请求内容不是有效的表单");
    }
  });

  it("answers the same for a signed-in form (the register's facts)", async () => {
    const response = await post(`/regulator/organizations/${organizationId}?index`, JSON.stringify({ name: "x" }), "application/json", regulatorCookie);
    expect(response.status).toBe(400);
  });

  it("refuses Origin: null even with a same-site Referer (403, not Remix's 500)", async () => {
    const response = await fetch(`${baseUrl}/login`, {
      method: "POST",
      headers: { Origin: "null", Referer: `${baseUrl}/login`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "judge", password: DEMO_PASSWORD }),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });
});

describe("the instructor's partner search checks the organization first", () => {
  it("answers 404 for an organization the instructor is not sent to, and for an all-zero id", async () => {
    const instructor = await User.findOne({ username: "instructor" }, { partyInstructorId: 1 }).lean();
    const other = await Organization.findOne({ "party.instructorId": mongoose.trusted({ $ne: instructor!.partyInstructorId }) }, { _id: 1 }).lean();
    const cookie = cookiesOf(await signIn("instructor", DEMO_PASSWORD));
    for (const id of [String(other!._id), "000000000000000000000000"]) {
      const response = await postForm(baseUrl, `/instructor/organizations/${id}`, { intent: "searchPartners", partnerQuery: "银川" }, { cookie });
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain("统一社会信用代码");
    }
  });
});

describe("open-data parameters", () => {
  it.each([
    ["/api/v1/credit-lists?list=abnormal&page[$ne]=1"],
    ["/api/v1/credit-lists?list=abnormal&page=0x10"],
    ["/api/v1/credit-lists?list=abnormal&list=serious"],
    ["/api/v1/organizations?page=0x10"],
    ["/api/v1/organizations?pageSize=1e1"],
  ])("answers %s with a 400 and a JSON error", async (path) => {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toHaveProperty("error");
  });

  it("still answers the documented parameters", async () => {
    const response = await fetch(`${baseUrl}/api/v1/credit-lists?list=abnormal&page=1&pageSize=5`);
    expect(response.status).toBe(200);
  });
});

describe("caching of signed-in pages", () => {
  it("marks every page served to a signed-in visitor no-store, and leaves public pages cacheable", async () => {
    const cookie = cookiesOf(await signIn("regulator", DEMO_PASSWORD));
    for (const path of ["/regulator", "/regulator/organizations", "/account/password", "/directory"]) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } });
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
    const anonymous = await fetch(`${baseUrl}/directory`);
    expect(anonymous.headers.get("cache-control")).not.toBe("no-store");
    // Not production: no HSTS here (the production test checks it is sent there).
    expect(anonymous.headers.get("strict-transport-security")).toBeNull();
  });
});
