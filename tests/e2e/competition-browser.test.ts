/**
 * The competition from the applicants' and judges' side, in the browser: an organization drafts
 * an entry, is told the budget lines are missing, fixes it and submits; a judge declares a
 * conflict on one entry and scores another.
 */
import { describe, expect, inject, it } from "vitest";
import { browserForFile, pressStep } from "../support/browser";
import { judgedCompetition } from "../support/competition";
import { samplePdf } from "../support/sample-files";

const baseUrl = inject("baseUrl");
const DROP_LABEL = "将文件拖到此处，或点击选择文件（可多选）";
const { asUser } = browserForFile({ database: true });

describe("an organization applies", () => {
  it("drafts, is told the budget lines are missing, adds them and submits", async () => {
    const org = await asUser("org");
    await org.goto(`${baseUrl}/org/competitions`);
    await Promise.all([org.waitForURL(/\/org\/competitions\/entries\//), org.getByRole("button", { name: "我要申报" }).first().click()]);
    await org.locator(".page-head .badge").getByText("草稿").waitFor();

    await org.getByLabel("项目名称").fill("端到端社区长者助餐");
    await org.getByLabel("项目类别").selectOption("elderly");
    await org.getByLabel("服务对象").fill("社区独居老人");
    await org.getByLabel("预计受益人数").fill("120");
    await org.getByLabel("服务社区").fill("丽景社区");
    await org.getByLabel("需求分析").fill("独居老人就餐困难。");
    await org.getByLabel("项目目标").fill("一年内为 120 位老人提供助餐。");
    await org.getByLabel("活动安排与进度").fill("每月开展助餐与探访。");
    await org.getByLabel("项目团队").fill("社工 2 名、志愿者 10 名。");
    await org.getByLabel("申请资助金额（元）").fill("60000");
    await Promise.all([org.waitForURL(/notice=saved/), org.getByRole("button", { name: "保存草稿" }).click()]);
    await org.getByLabel(DROP_LABEL).nth(0).setInputFiles([{ name: "申报书.pdf", mimeType: "application/pdf", buffer: samplePdf("proposal") }]);
    await org.getByRole("link", { name: "申报书.pdf" }).first().waitFor();
    await org.getByLabel(DROP_LABEL).nth(1).setInputFiles([{ name: "预算表.pdf", mimeType: "application/pdf", buffer: samplePdf("budget") }]);
    await org.getByRole("link", { name: "预算表.pdf" }).first().waitFor();

    // Submitting without budget lines is refused, says what is missing, and keeps what was typed.
    await pressStep(org, "提交申报");
    await org.getByRole("alert").getByText("请至少填写一行预算明细").waitFor();
    expect(await org.getByLabel("项目名称").inputValue()).toBe("端到端社区长者助餐");
    await org.locator(".page-head .badge").getByText("草稿").waitFor();

    await org.getByLabel("第 1 行 支出项目").fill("助餐食材");
    await org.getByLabel("第 1 行 类别").selectOption("materials");
    await org.getByLabel("第 1 行 金额（元）").fill("60000");
    await Promise.all([org.waitForURL(/notice=submitted/), pressStep(org, "提交申报")]);
    await org.getByText("申报已提交").waitFor();
    expect(await org.locator(".page-head .badge").textContent()).not.toBe("草稿");
  });
});

describe("a judge scores", () => {
  it("declares a conflict on one entry (it leaves the list) and scores another (then locked)", async () => {
    const label = `端到端评审${Date.now() % 100000}`;
    await judgedCompetition({ label, judges: 4, scored: false });
    const judge = await asUser("judge");
    await judge.goto(`${baseUrl}/judge`);
    const mine = judge.getByRole("link", { name: new RegExp(`^${label}项目`) });
    await mine.first().waitFor();
    const before = await mine.allTextContents();
    expect(before.length).toBeGreaterThanOrEqual(2);

    await Promise.all([judge.waitForURL(/\/judge\/entries\//), judge.getByRole("link", { name: before[0]!, exact: true }).click()]);
    await judge.getByLabel("理由").fill("本人曾担任该机构理事。");
    await Promise.all([judge.waitForURL(/notice=conflict/), pressStep(judge, "声明冲突并回避")]);
    await judge.getByText("已声明利益冲突，该项目已改派。").waitFor();
    expect(await judge.getByRole("link", { name: before[0]!, exact: true }).count()).toBe(0);

    await Promise.all([judge.waitForURL(/\/judge\/entries\//), judge.getByRole("link", { name: before[1]!, exact: true }).click()]);
    await judge.locator("#points_need").fill("8");
    await judge.locator("#points_design").fill("11");
    await pressStep(judge, "提交评分");
    await judge.getByText("分值应在 0 到 10 之间").waitFor();
    await judge.locator("#points_design").fill("7.5");
    await Promise.all([judge.waitForURL(/notice=submitted/), pressStep(judge, "提交评分")]);
    await judge.getByText("评分已提交并锁定。").waitFor();
    expect(await judge.locator("#points_need").isDisabled()).toBe(true);
  });
});
