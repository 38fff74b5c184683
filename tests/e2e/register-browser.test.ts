/** A regulator finds an organization in the register, corrects a refused edit and sees it in the change history. */
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

describe("the register in a browser", () => {
  it("searches, opens an organization, keeps a refused edit as typed, then saves and shows the change history", async () => {
    // An organization other tests leave alone: a foundation, picked through the open API.
    const list = (await (await fetch(`${baseUrl}/api/v1/organizations?type=foundation&pageSize=100`)).json()) as { items: { uscc: string; name: string }[] };
    const target = list.items.at(-1)!;

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, baseUrl, "regulator", DEMO_PASSWORD);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "登记管理" }).click();
    await page.getByRole("heading", { level: 1, name: "社会组织登记管理" }).waitFor();

    await page.getByLabel("关键词").fill(target.uscc.slice(0, 15));
    await page.locator("#filter-type").selectOption("foundation");
    await Promise.all([page.waitForURL(/q=/), page.getByRole("button", { name: "查询" }).click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get("type")).toBe("foundation");
    await Promise.all([page.waitForURL(/\/regulator\/organizations\/[0-9a-f]{24}$/), page.getByRole("link", { name: target.name }).click()]);
    await page.getByRole("heading", { level: 1, name: target.name }).waitFor();
    const tabs = page.getByRole("navigation", { name: "组织信息分页" });
    for (const name of ["基本信息", "党建", "关口案件", "变更记录", "附件"]) await tabs.getByRole("link", { name }).waitFor();

    // A bad amount is refused; everything typed stays in the form.
    await page.getByLabel("住所").fill("宁夏回族自治区银川市金凤区测试路8号");
    await page.getByLabel("开办资金（元）").fill("十万元");
    await page.getByLabel("变更原因").fill("住所迁移");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("alert").filter({ hasText: "请改正标出的项目后再保存" }).waitFor();
    await page.getByText("请输入以元为单位的金额，最多两位小数").waitFor();
    expect(await page.getByLabel("住所").inputValue()).toBe("宁夏回族自治区银川市金凤区测试路8号");
    expect(await page.getByLabel("开办资金（元）").inputValue()).toBe("十万元");
    expect(await page.getByLabel("开办资金（元）").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("开办资金（元）").fill("5,000,000.50");
    await Promise.all([page.waitForURL(/\/changes\?notice=saved$/), page.getByRole("button", { name: "保存" }).click()]);
    await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();
    const row = page.locator("table.changes tbody tr").first();
    await row.getByText("宁夏回族自治区银川市金凤区测试路8号").waitFor();
    await row.getByText("5,000,000.50 元").waitFor();
    await row.getByText("住所迁移").waitFor();
    expect(await row.locator("td").nth(1).textContent()).toBe("王建国");
    await context.close();
  });
});
