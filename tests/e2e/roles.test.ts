import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { launchBrowser, signInAs } from "../support/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HOMES = [
  { username: "regulator", path: "/regulator", heading: "登记管理工作台" },
  { username: "judge", path: "/judge", heading: "评审工作台" },
  { username: "org", path: "/org", heading: "本组织工作台" },
  { username: "instructor", path: "/instructor", heading: "党建指导工作台" },
  { username: "admin", path: "/admin", heading: "系统管理" },
];

describe("signing in as each role", () => {
  for (const home of HOMES) {
    it(`takes ${home.username} to their own home`, async () => {
      const page = await browser.newPage();
      await signInAs(page, baseUrl, home.username, DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).toBe(home.path);
      await page.getByRole("heading", { level: 1, name: home.heading }).waitFor();
      await page.close();
    });
  }
});

describe("access by role", () => {
  it("shows an organization user a 403 page on a regulator page", async () => {
    const page = await browser.newPage();
    await signInAs(page, baseUrl, "org", DEMO_PASSWORD);
    const response = await page.goto(`${baseUrl}/regulator`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { level: 1, name: "无权访问" }).waitFor();
    await page.close();
  });

  it("sends a signed-out visitor to the login page and back where they were going", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/admin?page=1`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/admin/), page.getByRole("button", { name: "登录" }).click()]);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/admin?page=1");
    await page.close();
  });
});

describe("signing out", () => {
  it("ends the session so workspace pages ask for sign-in again", async () => {
    const page = await browser.newPage();
    await signInAs(page, baseUrl, "regulator", DEMO_PASSWORD);
    await Promise.all([page.waitForURL(/\/login\?loggedOut=1/), page.getByRole("button", { name: "退出" }).click()]);
    await page.getByText("您已安全退出。").waitFor();
    await page.goto(`${baseUrl}/regulator`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.close();
  });
});

describe("language", () => {
  it("switches to English and remembers the choice", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "语言" }).click()]);
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await context.close();
  });

  it("shows the 404 page in the chosen language", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor();
    await page.close();
  });
});
