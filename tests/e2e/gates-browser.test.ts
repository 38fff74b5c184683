/**
 * The daily and exit gates in the browser: an organization files its annual report with a file
 * and fixes a returned item; the regulator concludes 基本合格 with a rectification, the
 * organization answers with evidence and the regulator accepts; the regulator runs a
 * deregistration to the end (the notice period is ended by the sweeper's event).
 */
import mongoose from "mongoose";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { sendEvent, SYSTEM_ACTOR } from "~/workflow/engine.server";
import { browserForFile, pressStep } from "../support/browser";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });

async function act(page: Page, action: string, fields: Record<string, string> = {}, selects: Record<string, string> = {}) {
  // Start from the plain case address, so the wait below sees this step's redirect, not the last one's.
  const clean = page.url().replace(/\?.*$/, "");
  if (page.url() !== clean) await page.goto(clean);
  const form = page.getByRole("form", { name: action });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  for (const [label, value] of Object.entries(selects)) await form.getByLabel(label, { exact: true }).selectOption(value);
  await Promise.all([page.waitForURL(/done=/), pressStep(form, action)]);
}

const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") });

describe("the daily gate in the browser", () => {
  it("an organization files its annual report with a file and fixes a returned item", async () => {
    const org = await asUser("org");
    await org.goto(`${baseUrl}/org/annual-reports`);
    await Promise.all([org.waitForURL(/\/annual-reports\/[0-9a-f]{24}$/), org.locator(".card-list a").first().click()]);
    const caseUrl = org.url();
    // Submitting an empty report says what is missing.
    await pressStep(org.getByRole("form", { name: "报告内容" }), "提交年度报告");
    await org.getByText("年度报告不完整").waitFor();
    await org.getByText("请先上传财务报表或审计报告。").waitFor();
    await org.getByLabel("业务活动情况").fill("开展社区服务 12 场。");
    await org.getByLabel("党建工作情况").fill("联合党支部开展主题党日。");
    await org.getByLabel("专职工作人员（人）").fill("4");
    await org.getByLabel("本年收入（元）", { exact: true }).fill("九万");
    await org.getByRole("button", { name: "保存" }).click();
    await org.getByText("请填写金额（元），最多两位小数。").waitFor();
    expect(await org.getByLabel("业务活动情况").inputValue()).toBe("开展社区服务 12 场。");
    await org.getByLabel("本年收入（元）", { exact: true }).fill("90000");
    await org.getByLabel("本年支出（元）", { exact: true }).fill("85000");
    await org.getByLabel("年末净资产（元）", { exact: true }).fill("30000");
    await org.getByLabel("公益事业支出（元）").fill("60000");
    await org.getByLabel("上年收入（元）").fill("80000");
    await org.getByLabel("上年末净资产（元）").fill("25000");
    const foundation = await org.getByLabel("是否具有公开募捐资格").count();
    if (foundation) await org.getByLabel("是否具有公开募捐资格").selectOption("no");
    await Promise.all([org.waitForURL(/notice=saved/), org.getByRole("button", { name: "保存" }).click()]);
    await org.locator('input[type="file"]').setInputFiles(pdf("2025年度财务报表.pdf"));
    await org.getByRole("link", { name: "2025年度财务报表.pdf" }).waitFor();
    await Promise.all([org.waitForURL(/done=/), pressStep(org.getByRole("form", { name: "报告内容" }), "提交年度报告")]);
    await org.locator(".badge").getByText("已报送").waitFor();

    // The regulator records the sponsor's opinion and returns an item.
    const regulator = await asUser("regulator");
    await regulator.goto(caseUrl);
    await act(regulator, "录入业务主管单位意见", { 业务主管单位意见: "同意报送。" });
    await act(regulator, "退回补正", { 事项: "净资产与审计报告不一致，请核对。" });
    await regulator.locator(".badge").getByText("退回补正").waitFor();

    // The organization fixes it and resubmits.
    await org.goto(caseUrl);
    await org.getByText("净资产与审计报告不一致，请核对。").first().waitFor();
    await org.getByLabel("年末净资产（元）", { exact: true }).fill("32000");
    await Promise.all([org.waitForURL(/notice=saved/), org.getByRole("button", { name: "保存" }).click()]);
    await Promise.all([org.waitForURL(/done=/), pressStep(org.getByRole("form", { name: "报告内容" }), "补正后重新提交")]);
    await org.locator(".badge").getByText("补正后重新报送").waitFor();
    await org.getByText(/32,000\.00/).first().waitFor();
  });

  it("the regulator concludes 基本合格 with a rectification, the organization answers with evidence, the regulator accepts", async () => {
    const org2User = await mongoose.connection.collection("users").findOne({ username: "org2" });
    const report = await WorkflowCase.findOne({ kind: "annualReport", organizationId: org2User!.organizationId, state: "sponsorReviewed" }).lean();
    expect(report).not.toBeNull();
    const caseUrl = `${baseUrl}/annual-reports/${String(report!._id)}`;
    const regulator = await asUser("regulator");
    await regulator.goto(caseUrl);
    await act(regulator, "作出年检结论", {}, { 年检结论: "basicallyQualified" });
    await regulator.locator(".badge").getByText("基本合格").waitFor();
    const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await act(regulator, "责令整改", { 事项: "补充理事会会议记录。", 整改期限: deadline });
    await regulator.locator(".badge").getByText("整改中").waitFor();

    const org2 = await asUser("org2");
    await org2.goto(caseUrl);
    // No evidence yet: refused with the reason.
    await org2.getByRole("form", { name: "提交整改情况" }).getByLabel("整改情况").fill("已补充会议记录。");
    await org2.getByRole("form", { name: "提交整改情况" }).getByRole("button", { name: "提交整改情况" }).click();
    await org2.getByText("请填写整改情况，并在整改开始后上传至少一份整改证明材料。").waitFor();
    await org2.locator('input[type="file"]').setInputFiles(pdf("理事会会议记录.pdf"));
    await org2.getByRole("link", { name: "理事会会议记录.pdf" }).waitFor();
    await act(org2, "提交整改情况", { 整改情况: "已补充会议记录。" });

    await regulator.goto(caseUrl);
    await act(regulator, "整改通过");
    await regulator.locator(".badge").getByText("整改完成").waitFor();
  });
});

describe("the campaign's case list in the browser", () => {
  it("follows the district chart to that district's reports, narrows them by type and keeps both filters across pages and a reload", async () => {
    // The demo's campaign in progress is last year's (Beijing time).
    const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date())) - 1;
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/campaigns/${year}`);
    const bar = regulator.getByRole("figure", { name: "各区县已报送（已报/应报）" }).getByRole("link").first();
    const districtName = (await bar.textContent())!.replace(/ \(.*$/, "");
    await Promise.all([regulator.waitForURL(/[?&]district=\d{6}/), bar.click()]);
    const district = new URL(regulator.url()).searchParams.get("district")!;
    const inDistrict = (await WorkflowCase.find({ kind: "annualReport", "data.year": year, "data.district": district }, { "data.orgType": 1 }).lean()) as unknown as { data: { orgType: string } }[];
    await regulator.getByText(`共 ${inDistrict.length} 条`).waitFor();
    const filters = regulator.getByRole("form", { name: "筛选年度报告" });
    expect(await filters.getByLabel("住所所在区县").inputValue()).toBe(district);
    const rows = regulator.locator("#cases ~ .table-wrap tbody tr");
    /** The given column of every row shown (0 organization, 1 type, 2 district, 4 result). */
    const column = async (index: number) => rows.evaluateAll((trs, i) => trs.map((tr) => tr.querySelectorAll("td")[i]!.textContent!.trim()), index);
    expect(new Set(await column(2))).toEqual(new Set([districtName]));

    // Narrowed by the district's most common type, two pages of it.
    const types = inDistrict.map((c) => c.data.orgType);
    const type = [...new Set(types)].sort((a, b) => types.filter((t) => t === b).length - types.filter((t) => t === a).length)[0]!;
    const matching = types.filter((t) => t === type).length;
    expect(matching).toBeGreaterThan(1);
    await filters.getByLabel("组织类型").selectOption(type);
    await Promise.all([regulator.waitForURL(/[?&]type=/), filters.getByRole("button", { name: "搜索" }).click()]);
    const pageSize = Math.ceil(matching / 2);
    await regulator.goto(`${regulator.url().replace(/#.*$/, "")}&pageSize=${pageSize}`);
    const typeName = await filters.getByLabel("组织类型").locator("option:checked").textContent();
    const firstPage = await column(0);
    expect(firstPage).toHaveLength(pageSize);
    await Promise.all([regulator.waitForURL(/[?&]page=2/), regulator.getByRole("link", { name: "下一页" }).click()]);
    // The address changes before the new rows are drawn; wait for page 2's rows themselves.
    await regulator.waitForFunction((first) => document.querySelector("#cases ~ .table-wrap tbody tr td")?.textContent?.trim() !== first, firstPage[0]);
    const secondUrl = new URL(regulator.url());
    expect(Object.fromEntries(secondUrl.searchParams)).toMatchObject({ district, type, page: "2", pageSize: String(pageSize) });
    await regulator.getByText(`共 ${matching} 条`).waitFor();
    expect(await column(0)).toHaveLength(matching - pageSize);
    expect(await column(0)).not.toContain(firstPage[0]);
    expect(new Set(await column(2))).toEqual(new Set([districtName]));
    expect(new Set(await column(1))).toEqual(new Set([typeName]));
    await regulator.reload();
    expect(await filters.getByLabel("住所所在区县").inputValue()).toBe(district);
    expect(await filters.getByLabel("组织类型").inputValue()).toBe(type);
    expect(await filters.getByLabel("状态").inputValue()).toBe("");

    // The result chart leads to the reports with that conclusion.
    await Promise.all([regulator.waitForURL(/[?&]result=unqualified/), regulator.getByRole("figure", { name: "按年检结论" }).getByRole("link", { name: "不合格" }).click()]);
    // The URL changes before the page renders the new list: wait for the form to show it.
    await expect.poll(() => filters.getByLabel("年检结论").inputValue(), { timeout: 10_000 }).toBe("unqualified");
    expect(await filters.getByLabel("住所所在区县").inputValue()).toBe("");
    const unqualified = await column(4);
    expect(unqualified.length).toBeGreaterThan(0);
    expect(new Set(unqualified)).toEqual(new Set(["不合格"]));
  });
});

describe("the exit gate in the browser", () => {
  it("the regulator runs a deregistration to the end; the register shows the organization deregistered", async () => {
    const organization = await Organization.findOne({ status: "registered", type: "foundation" }, { uscc: 1, name: 1 }).sort({ _id: -1 }).lean();
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/exits`);
    await regulator.locator("#deregistration-uscc").fill(organization!.uscc);
    await regulator.locator("#deregistration-reason").fill("理事会决议注销。");
    await Promise.all([regulator.waitForURL(/\/exits\/[0-9a-f]{24}$/), regulator.locator('form:has(input[value="deregistration"]) button').click()]);
    const caseUrl = regulator.url();
    await act(regulator, "录入业务主管单位同意意见", { 意见或文号: "同意注销。" });
    await act(regulator, "成立清算组，开始清算", { 清算组成员: "甲、乙、丙" });
    expect((await Organization.findById(organization!._id, { status: 1 }).lean())?.status).toBe("exiting");
    await regulator.locator('input[type="file"]').setInputFiles(pdf("清算报告.pdf"));
    await regulator.getByRole("link", { name: "清算报告.pdf" }).waitFor();
    await act(regulator, "提交清算报告");
    // A foundation must say where its remaining assets went.
    await pressStep(regulator.getByRole("form", { name: "审查通过，发布公告" }), "审查通过，发布公告");
    await regulator.getByText("基金会和民办非企业单位须写明剩余财产移交的宗旨相同或相近的组织。").waitFor();
    await act(regulator, "审查通过，发布公告", { "剩余财产接收组织（基金会、民非必填）": "银川市慈善总会" });
    await regulator.locator(".badge").getByText("公告中").waitFor();
    // The notice period ends (the sweeper's event, 46 days on).
    await sendEvent(caseUrl.split("/").pop()!, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now: new Date(Date.now() + 46 * 86_400_000) });
    await regulator.goto(caseUrl);
    await act(regulator, "登记证书、印章已缴回，准予注销", { 意见或文号: "证书正副本、印章已缴回。" });
    await regulator.locator(".badge").getByText("已注销").waitFor();
    expect((await Organization.findById(organization!._id, { status: 1 }).lean())?.status).toBe("deregistered");
  });
});
