/**
 * The campaign dashboard in the browser: the year's figures as the cases stand, a chart row that
 * filters the list below without leaving the page (a client-side navigation), and a reminder that
 * shows on the redirect at once — the page reads in-process copies behind version tokens
 * (ADR 008, ADR 011), so each of its writes must be visible on the next request.
 */
import { describe, expect, inject, it } from "vitest";
import { WorkflowCase } from "@models/workflow-case";
import { browserForFile } from "../support/browser";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });

describe("the campaign dashboard in the browser", () => {
  it("shows the closed year's figures, lists its overdue reports from the chart, and shows a reminder at once", async () => {
    // The year before last: closed, all filed but three that went overdue (scripts/seed/gates.ts).
    const year = new Date().getUTCFullYear() - 2;
    const cases = await WorkflowCase.find({ kind: "annualReport", "data.year": year }, { state: 1, "data.reminders": 1 }).lean();
    const overdue = cases.filter((c) => c.state === "overdue");
    expect(overdue.length).toBeGreaterThan(0);

    const page = await asUser("regulator");
    await page.goto(`${baseUrl}/regulator/campaigns/${year}`);
    await page.getByRole("heading", { name: `${year} 年度年检` }).waitFor();
    const stat = (label: string) => page.locator(".stat", { has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) }).locator("dd");
    expect(await stat("应报").innerText()).toMatch(new RegExp(`^${cases.length}\\b`));
    expect(await stat("逾期未报").innerText()).toMatch(new RegExp(`^${overdue.length}\\b`));
    const byState = page.getByRole("figure", { name: "按办理状态" });
    expect(await byState.getByRole("row", { name: /逾期未报/ }).innerText()).toContain(String(overdue.length));

    // The chart's row links to the list filtered to that state, in the page (no document load).
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await Promise.all([page.waitForURL(/\?state=overdue#cases$/), byState.getByRole("link", { name: "逾期未报" }).click()]);
    await page.getByText(`共 ${overdue.length} 条`).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // The list under 办理情况 (the charts above carry tables of their numbers too).
    const rows = page.locator("#cases ~ * table tbody tr, #cases ~ table tbody tr");
    expect(await rows.count()).toBe(overdue.length);
    for (const row of await rows.all()) expect(await row.locator("td").nth(3).innerText()).toBe("逾期未报");
    const remindedBefore = Number(await rows.first().locator("td").nth(5).innerText());

    // A reminder reaches every unfiled report; the redirect shows it on the campaign and the list.
    await Promise.all([page.waitForURL(/\?reminded=\d+$/), page.getByRole("button", { name: /^提醒未报送组织/ }).click()]);
    await page.getByRole("status").getByText(`已向 ${overdue.length} 个未报送组织发出提醒。`).waitFor();
    await page.getByText(new RegExp(`提醒了 ${overdue.length} 个组织$`)).first().waitFor();
    await page.goto(`${baseUrl}/regulator/campaigns/${year}?state=overdue`);
    expect(Number(await rows.first().locator("td").nth(5).innerText())).toBe(remindedBefore + 1);
  });
});
