/**
 * Each role's workbench (待办) in the browser, the judge's scoring page, the public competition
 * and disclosure pages, and the data defects fixed with them (ADR 018).
 */
import mongoose from "mongoose";
import { describe, expect, inject, it } from "vitest";
import { Competition } from "@models/competition";
import { Organization } from "@models/organization";
import { annualReportCaseKey } from "~/daily-gate/annual-report-workflow.server";
import { createCase, SYSTEM_ACTOR } from "~/workflow/engine.server";
import { browserForFile, pressStep } from "../support/browser";
import { judgedCompetition } from "../support/competition";

const baseUrl = inject("baseUrl");
const { asUser, browser } = browserForFile({ database: true });

/** The deadlines a work list shows, in row order (undated rows last). */
async function dueDatesInOrder(page: import("playwright-core").Page): Promise<string[]> {
  return page.locator(".work-list tbody tr").evaluateAll((rows) =>
    rows.map((row) => /(\d{4}\/\d{2}\/\d{2})/.exec(row.textContent ?? "")?.[1] ?? "~"),
  );
}

describe("workbenches", () => {
  it("shows an organization its to-dos, soonest deadline first, each linking to where it is done", async () => {
    const org = await asUser("org");
    await org.getByRole("heading", { name: "待办事项" }).waitFor();
    const dates = (await dueDatesInOrder(org)).filter((d) => d !== "~");
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort()).toEqual(dates);
    // The open competition is a to-do of an organization that has not entered it, with its countdown.
    const competitionRow = org.locator(".work-list tr", { hasText: "公益创投大赛正在接受申报" });
    await competitionRow.getByText(/剩余 \d+ 天/).waitFor();
    await Promise.all([org.waitForURL(/\/annual-reports\/[0-9a-f]{24}$/), org.getByRole("link", { name: "填报年度报告" }).first().click()]);
  });

  it("shows the regulator every case waiting for the registry, overdue first, with counts per gate", async () => {
    const regulator = await asUser("regulator");
    const gates = regulator.getByRole("list", { name: "待办事项" });
    for (const gate of ["入口关（登记）", "日常关（年检、抽查）", "出口关（注销、撤销）", "公益创投"]) await gates.getByText(gate).waitFor();
    const rows = regulator.locator(".work-list tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    const overdue = await rows.evaluateAll((all) => all.map((r) => r.querySelector(".due-clock--overdue") !== null));
    // Every overdue row comes before every other.
    expect(overdue.indexOf(false) === -1 || overdue.lastIndexOf(true) < overdue.indexOf(false)).toBe(true);
    const first = rows.first().getByRole("link");
    const href = await first.getAttribute("href");
    expect(href).toMatch(/^\/(registrations|annual-reports|exits|regulator\/competitions\/entries)\/[0-9a-f]{24}$|^\/regulator\/spot-checks$/);
    await Promise.all([regulator.waitForURL((url) => url.pathname === href), first.click()]);
  });

  it("shows a judge the competition being judged first, with progress n/m and the judging deadline", async () => {
    const label = `工作台评审${Date.now() % 100000}`;
    const { id } = await judgedCompetition({ label, judges: 4, scored: false });
    await Competition.updateOne({ _id: id }, { $set: { judgingEndsAt: new Date(Date.now() + 6 * 86_400_000) } });
    const judge = await asUser("judge");
    const first = judge.locator("main section.panel").first();
    await first.getByRole("heading", { name: new RegExp(label) }).waitFor();
    await first.getByText(/已提交 0\/\d+/).waitFor();
    await first.getByText(/评审截止：剩余 [56] 天/).waitFor();
    // Entries carry their number.
    await first.getByText(/^YC2099-\d{3}$/).first().waitFor();
  });

  it("shows an instructor their organizations, the longest unvisited first", async () => {
    const instructor = await asUser("instructor");
    await instructor.getByText(/超过 90 天未走访的组织：\d+ 家/).waitFor();
    const visited = await instructor.locator("main table tbody tr td:nth-child(4)").allTextContents();
    const dates = visited.map((text) => /(\d{4}\/\d{2}\/\d{2})/.exec(text)?.[1] ?? "0000");
    expect([...dates].sort()).toEqual(dates);
    await instructor.getByRole("link", { name: "记录走访" }).first().waitFor();
  });
});

describe("the judge's scoring page", () => {
  it("shows the whole entry, totals the weighted score live and on save, and asks before submitting", async () => {
    const label = `整页评审${Date.now() % 100000}`;
    await judgedCompetition({ label, judges: 4, scored: false });
    const judge = await asUser("judge");
    await Promise.all([judge.waitForURL(/\/judge\/entries\//), judge.getByRole("link", { name: new RegExp(`^${label}项目`) }).first().click()]);
    await judge.getByRole("heading", { name: "项目预算" }).waitFor();
    await judge.getByText(/预算合计：/).waitFor();
    await judge.getByRole("heading", { name: "申报附件" }).waitFor();
    await judge.getByText("权重 50%，满分 10 分").first().waitFor();

    // Live: 8/10 × 50 = 40 as soon as it is typed.
    await judge.locator("#points_need").fill("8");
    await expect.poll(() => judge.getByTestId("weighted-total").textContent()).toBe("40.00");
    await judge.locator("#points_design").fill("6");
    await expect.poll(() => judge.getByTestId("weighted-total").textContent()).toBe("70.00");
    await Promise.all([judge.waitForURL(/notice=saved/), judge.getByRole("button", { name: "保存草稿" }).click()]);
    expect(await judge.getByTestId("weighted-total").textContent()).toBe("70.00");

    // Submitting states the consequence first; only the confirming button submits.
    await judge.locator("summary", { hasText: "提交评分" }).click();
    await judge.getByText("提交后评分即锁定，不能再修改").waitFor();
    await Promise.all([judge.waitForURL(/notice=submitted/), judge.getByRole("button", { name: "确认提交评分" }).click()]);
    // The address changes before the locked form has been drawn.
    await expect.poll(() => judge.locator("#points_need").isDisabled()).toBe(true);

    // A file that is not this entry's is not served to the judge.
    const response = await judge.request.get(`${judge.url().replace(/\?.*$/, "")}/files/${new mongoose.Types.ObjectId().toHexString()}`);
    expect(response.status()).toBe(404);
  });

  it("asks before submitting without JavaScript too, and the server computes the total", async () => {
    const label = `无脚本评审${Date.now() % 100000}`;
    await judgedCompetition({ label, judges: 4, scored: false });
    const signedIn = await asUser("judge");
    const state = await signedIn.context().storageState();
    const context = await browser().newContext({ javaScriptEnabled: false, storageState: state });
    const judge = await context.newPage();
    await judge.goto(`${baseUrl}/judge`);
    await Promise.all([judge.waitForURL(/\/judge\/entries\//), judge.getByRole("link", { name: new RegExp(`^${label}项目`) }).first().click()]);
    await judge.locator("#points_need").fill("10");
    await judge.locator("#points_design").fill("5");
    await Promise.all([judge.waitForURL(/notice=saved/), judge.getByRole("button", { name: "保存草稿" }).click()]);
    expect(await judge.getByTestId("weighted-total").textContent()).toBe("75.00");
    await pressStep(judge, "提交评分");
    await judge.waitForURL(/notice=submitted/);
    await context.close();
  });
});

describe("public pages", () => {
  it("lists every competition from the home page and shows each one's stage: the call, or the results the public can check", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(baseUrl);
    await Promise.all([page.waitForURL(/\/competitions$/), page.getByRole("link", { name: "查看历届大赛" }).click()]);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "公益创投大赛" }).waitFor();
    const year = new Date().getFullYear();
    await Promise.all([page.waitForURL(/\/competitions\/[0-9a-f]{24}$/), page.getByRole("link", { name: `${year}年银川市社区公益创投大赛` }).click()]);
    await page.getByRole("heading", { name: "如何申报" }).waitFor();
    await page.getByText("单个项目资助上限").waitFor();

    await page.goto(`${baseUrl}/competitions`);
    await Promise.all([page.waitForURL(/\/competitions\/[0-9a-f]{24}$/), page.getByRole("link", { name: "2022年银川市社区公益创投大赛" }).click()]);
    await page.getByRole("heading", { name: "资助结果" }).waitFor();
    for (const fact of ["资助总额", "单个项目资助上限", "入围分数线", "资助项目数"]) await page.getByText(fact, { exact: true }).first().waitFor();
    const numbers = await page.locator("table tbody td.mono, table tbody .mono").allTextContents();
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(/^YC2022-\d{3}$/);
    await context.close();
  });

  it("shows an exited organization's day and reason in the directory, its page and open data", async () => {
    const exited = (await (await fetch(`${baseUrl}/api/v1/organizations?status=deregistered&pageSize=100`)).json()) as { items: { uscc: string; name: string; exit: { date: string; reason: string } | null }[] };
    expect(exited.items.length).toBeGreaterThan(0);
    const item = exited.items[0]!;
    expect(item.exit?.reason).toBeTruthy();
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/directory/${item.uscc}`);
    const note = await page.locator(".exit-note").textContent();
    expect(note).toMatch(/^已注销（\d{4}\/\d{2}\/\d{2}）：/);
    expect(note).toContain(item.exit!.reason);
    await page.getByRole("heading", { name: "信用信息" }).waitFor();
    await page.getByRole("heading", { name: "年检结果" }).waitFor();
    await context.close();
  });

  it("discloses a listed organization's credit listings with reason, date and deciding authority", async () => {
    const listed = (await (await fetch(`${baseUrl}/api/v1/credit-lists?list=abnormal`)).json()) as { items: { uscc: string; authority: string }[] };
    expect(listed.items.length).toBeGreaterThan(0);
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/directory/${listed.items[0]!.uscc}`);
    const table = page.locator("section", { has: page.getByRole("heading", { name: "信用信息" }) });
    await table.getByRole("cell", { name: "活动异常名录" }).first().waitFor();
    await table.getByRole("cell", { name: listed.items[0]!.authority }).first().waitFor();
    await context.close();
  });

  it("counts only organizations still on the register as 直管社会组织", async () => {
    const expected = await Organization.countDocuments({ directlyManaged: true, status: mongoose.trusted({ $in: ["registered", "exiting"] }) });
    const all = await Organization.countDocuments({ directlyManaged: true });
    expect(all).toBeGreaterThan(expected); // the demo has exited organizations
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(baseUrl);
    const stat = page.locator(".stat", { hasText: "直管社会组织" }).locator(".stat__value");
    expect(Number(await stat.textContent())).toBe(expected);
    await context.close();
  });
});

describe("defects", () => {
  it("keeps what was typed in the annual report when 提交年度报告 is pressed without saving, and marks only what is missing", async () => {
    // A report of its own (a year no demo campaign has), so other files' reports are left alone.
    const org2User = await mongoose.connection.collection("users").findOne({ username: "org2" });
    const organizationId = String(org2User!.organizationId);
    const year = 2090 + (Date.now() % 9);
    const report = await createCase({
      kind: "annualReport",
      caseKey: annualReportCaseKey(organizationId, year),
      input: { year, sponsorDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(), registryDeadline: new Date(Date.now() + 60 * 86_400_000).toISOString() },
      title: "年报测试",
      organizationId,
      data: { year, orgType: "socialGroup", district: "640104", uscc: "", report: {} },
      actor: SYSTEM_ACTOR,
    });
    const org2 = await asUser("org2");
    const url = `${baseUrl}/annual-reports/${String(report._id)}`;
    await org2.goto(url);
    await org2.getByLabel("业务活动情况").fill("开展助老服务 30 场。");
    await org2.getByLabel("党建工作情况").fill("开展主题党日 4 次。");
    await pressStep(org2.getByRole("form", { name: "报告内容" }), "提交年度报告");
    await org2.getByText("年度报告不完整").waitFor();
    expect(await org2.getByLabel("业务活动情况").inputValue()).toBe("开展助老服务 30 场。");
    const activitiesError = org2.locator(".field", { has: org2.getByLabel("业务活动情况") }).locator(".field__error");
    expect(await activitiesError.count()).toBe(0);
    // Saved, not only shown: a reload still has it.
    await org2.goto(url);
    expect(await org2.getByLabel("党建工作情况").inputValue()).toBe("开展主题党日 4 次。");
  });

  it("names every kind of case on an organization's gate-cases tab and links it", async () => {
    const organization = await Organization.findOne({ status: "deregistered" }, { _id: 1 }).lean();
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/organizations/${String(organization!._id)}/cases`);
    await regulator.getByRole("cell", { name: "注销登记" }).first().waitFor();
    const body = await regulator.locator("main").textContent();
    for (const raw of ["deregistration", "deregistered", "annualReport", "revocation"]) expect(body).not.toContain(raw);
    const link = regulator.locator('main a[href^="/exits/"]').first();
    await link.waitFor();
  });

  it("draws a 民非 applicant's workflow without the 社会团体's preparation steps and tells them what they wait for", async () => {
    const applicant = await asUser("applicant");
    await applicant.goto(`${baseUrl}/applications/new`);
    await applicant.getByLabel("拟设名称").fill(`银川市流程图测试${Date.now() % 100000}服务中心`);
    await applicant.getByLabel("组织类型").selectOption("socialServiceAgency");
    await Promise.all([applicant.waitForURL(/notice=created/), applicant.getByRole("button", { name: "保存草稿" }).click()]);
    const diagram = applicant.locator(".wf-diagram");
    await diagram.waitFor();
    expect(await diagram.textContent()).not.toContain("筹备审查");
    expect(await diagram.textContent()).not.toContain("筹备中");
  });
});
