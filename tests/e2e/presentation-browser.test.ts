/**
 * The presentation defects of issue 14, each checked in Chromium: charts in proportion to their
 * numbers, the phone menu and large type (both without JavaScript), the import page's limits, the
 * competition history's first step, one money format in both languages, and the two layouts that
 * were broken (the entry form's budget lines and buttons, the create-competition button).
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { hashPassword } from "~/auth/password.server";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { browserForFile, signInAs } from "../support/browser";

const baseUrl = inject("baseUrl");
const { browser, asUser } = browserForFile({ database: true });

/** The 2022 demo competition's page (funded, with its dashboard and history). */
async function competition2022(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/regulator/competitions`);
  await page.goto(`${baseUrl}${await page.getByRole("link", { name: "2022年银川市社区公益创投大赛" }).getAttribute("href")}`);
}

/** A page with JavaScript off, as a browser without it (or before the script loads) shows it. */
async function withoutScript(username: string, width: number): Promise<Page> {
  const context = await browser().newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
  const page = await context.newPage();
  await signInAs(page, baseUrl, username, DEMO_PASSWORD);
  return page;
}

describe("charts", () => {
  it("draws the 2022 competition's money and beneficiaries bars in proportion to the numbers in each chart's table", async () => {
    const page = await asUser("regulator");
    await competition2022(page);
    const charts = page.locator("section[aria-labelledby=dashboard-title] figure.chart");
    expect(await charts.count()).toBe(4);
    for (const chart of await charts.all()) {
      const values = (await chart.locator("table tbody td").allInnerTexts()).map((text) => Number(text.replace(/[^\d.]/g, "")));
      const widths = await chart.locator(".chart__drawing--wide svg path[fill='#a4161a']").evaluateAll((paths) => paths.map((p) => Number(/^M[\d.]+ [\d.]+l([\d.]+) /.exec(p.getAttribute("d") ?? "")?.[1])));
      expect(widths).toHaveLength(values.length);
      const largest = { value: Math.max(...values), width: Math.max(...widths) };
      for (const [i, value] of values.entries()) expect(widths[i]! / largest.width).toBeCloseTo(value / largest.value, 2);
      // Not all alike (every beneficiaries bar used to be 32 px).
      expect(new Set(widths).size).toBeGreaterThan(1);
    }
    // The numbers are there for a screen reader; the drawing is not.
    const beneficiaries = page.getByRole("figure", { name: "按项目类别：预计受益人数" });
    expect(await beneficiaries.getByRole("table").getByRole("row").count()).toBeGreaterThan(1);
    expect(await beneficiaries.locator(".chart__drawing").first().getAttribute("aria-hidden")).toBe("true");
  });
});

describe("phones", () => {
  it("fold the regulator's navigation into a menu that opens without JavaScript, under a short header", async () => {
    const page = await withoutScript("regulator", 390);
    const header = await page.locator(".site-header").boundingBox();
    expect(header!.height).toBeLessThan(170);
    const register = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "登记管理" });
    expect(await register.isVisible()).toBe(false);
    await page.getByText("菜单 · 工作台").click();
    await Promise.all([page.waitForURL(/\/regulator\/organizations$/), register.click()]);
    await page.getByText("菜单 · 登记管理").waitFor();
    await page.context().close();
  });

  it("keep the register's and the directory's filter forms within a 390 px screen", async () => {
    const page = await asUser("regulator");
    await page.setViewportSize({ width: 390, height: 800 });
    for (const path of ["/regulator/organizations", "/directory"]) {
      await page.goto(`${baseUrl}${path}`);
      const form = await page.locator("form.register-search").boundingBox();
      expect(form!.x + form!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
  });
});

describe("large type", () => {
  it("is switched on from the header without JavaScript, stays on from page to page, and sets body text at 18 px or more", async () => {
    const page = await withoutScript("org", 390);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(await size()).toBeLessThan(18);
    await page.getByRole("button", { name: "大字模式" }).click();
    await page.locator("html.large-text").waitFor({ state: "attached" });
    expect(await page.getByRole("button", { name: "大字模式" }).getAttribute("aria-pressed")).toBe("true");
    expect(await size()).toBeGreaterThanOrEqual(18);
    await page.goto(`${baseUrl}/org/annual-reports`);
    expect(await size()).toBeGreaterThanOrEqual(18);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: "大字模式" }).click();
    await page.locator("html:not(.large-text)").waitFor({ state: "attached" });
    expect(await size()).toBeLessThan(18);
    await page.context().close();
  });
});

describe("defects", () => {
  it("import page loaded directly states its limits and hydrates without errors", async () => {
    const page = await asUser("regulator");
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/regulator/organizations/import`);
    await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber")));
    await page.getByText("不超过 10 MB、20000 行").waitFor();
    expect(await page.locator("body").innerText()).not.toMatch(/NaN|undefined/);
    expect(errors).toEqual([]);
  });

  it("names the competition's first step in its history, in Chinese and in English", async () => {
    const page = await asUser("regulator");
    await competition2022(page);
    const history = page.locator(".timeline");
    await history.getByText("创建大赛").waitFor();
    await page.getByRole("button", { name: /English/ }).click();
    await page.getByRole("button", { name: /中文/ }).waitFor();
    await history.getByText("Competition created").waitFor();
    expect(await history.innerText()).not.toContain("competition.event");
    await page.getByRole("button", { name: /中文/ }).click();
    await history.getByText("创建大赛").waitFor();
  });

  it("writes money one way on every page: 元 with separators and two decimals, 万元, or in English yuan and millions", async () => {
    const page = await asUser("regulator");
    await competition2022(page);
    const competitionPage = page.url();
    const entry = await page.locator("a[href^='/regulator/competitions/entries/']").first().getAttribute("href");
    await page.goto(`${baseUrl}/regulator/campaigns`);
    const campaign = await page.locator("a[href^='/regulator/campaigns/']").first().getAttribute("href");
    await page.goto(`${baseUrl}${campaign}`);
    const report = await page.locator("a[href^='/annual-reports/']").first().getAttribute("href");
    const pages = [competitionPage, `${baseUrl}${entry}`, `${baseUrl}${report}`, `${baseUrl}/regulator/organizations`];
    const amounts = async () => {
      const found: string[] = [];
      for (const url of pages) {
        await page.goto(url);
        found.push(...((await page.locator("main").innerText()).match(/[\d.,]+\s*(?:万元|元)|¥[\d.,]+(?: million| ten-thousand)?/g) ?? []));
      }
      return found;
    };
    const chinese = await amounts();
    expect(chinese.length).toBeGreaterThan(10);
    for (const amount of chinese) expect(amount).toMatch(/^(?:\d{1,3}(?:,\d{3})*\.\d{2} 元|\d{1,3}(?:,\d{3})*(?:\.\d{1,2})? 万元)$/);
    await page.getByRole("button", { name: /English/ }).click();
    await page.getByRole("button", { name: /中文/ }).waitFor();
    const english = await amounts();
    expect(english.length).toBe(chinese.length);
    for (const amount of english) expect(amount).toMatch(/^¥\d{1,3}(?:,\d{3})*(?:\.\d{2}| million|\.\d{1,4} million)?$/);
    await page.getByRole("button", { name: /中文/ }).click();
  }, 180_000);

  describe("an entry form", () => {
    let username = "";
    beforeAll(async () => {
      // An applicant of our own, so no other test's organization gains an entry.
      const organization = (await Organization.findOne({ status: "registered" }, { _id: 1 }).sort({ uscc: 1 }).skip(20).lean())!;
      username = `layout-${Date.now() % 1_000_000}`;
      await User.create({ username, displayName: "版式测试", role: "org", organizationId: organization._id, passwordHash: await hashPassword(DEMO_PASSWORD) });
    });

    it("keeps the budget lines inside the form, with styled 保存草稿 / 提交申报 buttons below them, at both widths", async () => {
      const page = await asUser(username);
      await page.goto(`${baseUrl}/org/competitions`);
      await Promise.all([page.waitForURL(/\/org\/competitions\/entries\//), page.getByRole("button", { name: "我要申报" }).first().click()]);
      for (const width of [1366, 390]) {
        await page.setViewportSize({ width, height: 900 });
        const form = (await page.locator("form:has(fieldset)").first().boundingBox())!;
        const budget = (await page.getByRole("group", { name: "预算明细" }).boundingBox())!;
        expect(budget.x + budget.width).toBeLessThanOrEqual(form.x + form.width + 1);
        // 提交申报 asks first: it is the summary of a confirmation (ConfirmSubmit), drawn as a button.
        for (const button of [page.getByRole("button", { name: "保存草稿" }), page.locator("summary", { hasText: "提交申报" })]) {
          expect(await button.getAttribute("class")).toContain("button");
          const box = (await button.boundingBox())!;
          expect(box.height).toBeGreaterThanOrEqual(36);
          expect(box.y).toBeGreaterThan(budget.y + budget.height);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    });
  });

  it("keeps the create-competition button at its own height, not the form row's", async () => {
    const page = await asUser("regulator");
    await page.goto(`${baseUrl}/regulator/competitions`);
    const button = (await page.getByRole("button", { name: "创建大赛（筹备中）" }).boundingBox())!;
    const field = (await page.getByLabel("大赛名称").boundingBox())!;
    expect(button.height).toBeLessThan(field.height * 1.5);
  });
});
