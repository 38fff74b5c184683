/**
 * What only production does: HSTS on every answer, the README's published demo password
 * refused (at sign-up, and a stored one must be changed at sign-in), and no start without the
 * personal-data keys. A second app process in production mode on a database of its own.
 */
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { User } from "@models/user";
import { hashPassword } from "~/auth/password.server";
import { freePort, startAppProcess, type AppProcess } from "../../scripts/lib/app-process";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const uri = inject("appMongoUri").replace("/e2e_app", "/e2e_production");
const productionEnv = {
  NODE_ENV: "production",
  MONGODB_URI: uri,
  DATA_DIR: inject("appDataDir"),
  SESSION_SECRETS: randomBytes(32).toString("hex"),
  PERSONAL_DATA_KEYS: `p1:${randomBytes(32).toString("base64")}`,
  PERSONAL_DATA_INDEX_KEY: randomBytes(32).toString("base64"),
  SWEEP_INTERVAL_SECONDS: "0",
};

let app: AppProcess;
let baseUrl = "";

beforeAll(async () => {
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 3_000 });
  await mongoose.connection.dropDatabase();
  await User.createIndexes();
  await User.create({ username: "legacy-officer", displayName: "老账号", role: "regulator", passwordHash: await hashPassword(DEMO_PASSWORD) });
  const port = await freePort();
  app = await startAppProcess({ port, env: productionEnv });
  baseUrl = `http://127.0.0.1:${port}`;
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await mongoose.connection.dropDatabase().catch(() => {});
  await mongoose.disconnect();
});

describe("in production", () => {
  it("sends HSTS on pages and static files alike", async () => {
    for (const path of ["/", "/login", "/favicon.svg"]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("refuses the published demo password at sign-up", async () => {
    const response = await postForm(baseUrl, "/signup", { username: "founder", displayName: "发起人", password: DEMO_PASSWORD, confirm: DEMO_PASSWORD, website: "" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("这是已公开发布的演示密码，不能使用");
  });

  it("lets an account that still has it sign in once, straight to choosing a new password", async () => {
    const response = await postForm(baseUrl, "/login", { username: "legacy-officer", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account/password?required=1&redirectTo=%2Fregulator");
    const cookie = cookiesOf(response);
    expect(response.headers.getSetCookie().join(";")).toMatch(/Secure/i);
    // Every other page waits for the new password.
    const elsewhere = await fetch(`${baseUrl}/regulator`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get("location")).toMatch(/^\/account\/password\?required=1/);
    expect((await User.findOne({ username: "legacy-officer" }).lean())!.mustChangePassword).toBe(true);
  });

  it("will not start without the personal-data keys", async () => {
    const port = await freePort();
    await expect(startAppProcess({ port, env: { ...productionEnv, PERSONAL_DATA_KEYS: undefined }, readyTimeoutMs: 60_000 })).rejects.toThrow(/PERSONAL_DATA_KEYS/);
  }, 90_000);
});
