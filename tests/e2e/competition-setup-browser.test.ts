/**
 * The regulator's competition setup and judging administration in the browser: the draft settings
 * editor refuses weights that do not add up to 100 (keeping what was typed) and saves once fixed;
 * on the judging board a judge joins the panel, is assigned and removed by hand, and a submitted
 * score is reopened with a reason, which the judge sees, corrects and submits again. A judge
 * cannot reach these pages or their actions.
 */
import mongoose from "mongoose";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { JudgeAssignment } from "@models/judge-assignment";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import { entriesOf, loadCompetition } from "~/competition/ranking/ranking.server";
import { browserForFile, pressStep } from "../support/browser";
import { judgedCompetition } from "../support/competition";
import { postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });
const cookieOf = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

describe("the draft settings editor", () => {
  it("refuses weights that do not add up to 100, keeps the input, and saves once fixed", async () => {
    const regulator = await asUser("regulator");
    const year = String(2050 + (Date.now() % 40));
    await regulator.goto(`${baseUrl}/regulator/competitions`);
    await regulator.getByLabel("大赛名称").fill(`${year}年度设置测试大赛`);
    await regulator.getByLabel("主题").fill("六社联动聚合力");
    await regulator.getByLabel("年度").fill(year);
    await regulator.getByLabel("资助总额（元）").fill("2000000");
    await regulator.getByLabel("单个项目资助上限（元）").fill("100000");
    await regulator.getByLabel("申报开始日期").fill(`${year}-03-01`);
    await regulator.getByLabel("申报截止日期").fill(`${year}-04-30`);
    await Promise.all([regulator.waitForURL(/done=CREATED/), regulator.getByRole("button", { name: "创建大赛（筹备中）" }).click()]);
    const competitionId = /competitions\/([0-9a-f]{24})/.exec(regulator.url())![1]!;
    await Promise.all([regulator.waitForURL(/\/settings$/), regulator.getByRole("link", { name: "编辑大赛设置" }).click()]);

    const firstWeight = regulator.getByLabel("第 1 行 权重");
    const original = Number(await firstWeight.inputValue());
    await firstWeight.fill(String(original - 5));
    await regulator.getByLabel("资助总额（元）").fill("1,500,000.50");
    await regulator.getByText("权重合计：95（应为 100）").waitFor();
    await regulator.getByRole("button", { name: "保存设置" }).click();
    await regulator.getByText("设置未保存，请按提示修改标红的项目。").waitFor();
    await regulator.getByText("各项权重之和应为 100").waitFor();
    expect(await firstWeight.inputValue()).toBe(String(original - 5));
    expect(await regulator.getByLabel("资助总额（元）").inputValue()).toBe("1,500,000.50");

    // A new criterion takes the missing 5 points.
    await regulator.getByRole("button", { name: "添加评分指标" }).click();
    const rows = await regulator.locator("table.settings-rows").first().locator("tbody tr").count();
    await regulator.getByLabel(`第 ${rows} 行 指标名称`).fill("社区参与");
    await regulator.getByLabel(`第 ${rows} 行 说明`).fill("居民参与设计与实施");
    await regulator.getByLabel(`第 ${rows} 行 权重`).fill("5");
    await regulator.getByLabel(`第 ${rows} 行 满分`).fill("10");
    await regulator.getByText("权重合计：100（应为 100）").waitFor();
    await Promise.all([regulator.waitForURL(/saved=1/), regulator.getByRole("button", { name: "保存设置" }).click()]);
    await regulator.getByText("大赛设置已保存。").waitFor();

    const saved = (await loadCompetition(competitionId))!;
    expect(saved.totalBudgetFen).toBe(150_000_050);
    expect(saved.rubric.criteria.at(-1)).toMatchObject({ name: "社区参与", weight: 5, maxPoints: 10 });
    expect(saved.rubric.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    await regulator.context().close();
  });
});

describe("the judging board", () => {
  it("adds a judge to the panel, assigns and removes by hand, and reopens a score the judge then resubmits", async () => {
    const { id } = await judgedCompetition({ label: `评审管理${Date.now() % 100000}`, judges: 3, scored: true });
    const judge4 = (await User.findOne({ username: "judge4" }, { displayName: 1 }).lean())!;
    const judge = (await User.findOne({ username: "judge" }, { displayName: 1 }).lean())!;
    // An entry the demo judge scored: another test may have had this judge declare a link with an
    // organization, which keeps them off that organization's entries here.
    const scored = (await JudgeAssignment.findOne({ competitionId: new mongoose.Types.ObjectId(id), judgeId: judge._id, status: "active" }, { entryId: 1 }).lean())!;
    const [entry] = (await entriesOf(id, ["underReview"])).filter((e) => e.id === String(scored.entryId));
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/competitions/${id}`);
    await Promise.all([regulator.waitForURL(/\/judging$/), regulator.getByRole("link", { name: "评审管理：评委分配与评分进度" }).first().click()]);

    const addJudge = regulator.getByRole("form", { name: "加入评委库" });
    await addJudge.getByLabel("添加评委").selectOption({ label: judge4.displayName });
    await Promise.all([regulator.waitForURL(/done=ADD_JUDGE/), addJudge.getByRole("button", { name: "加入评委库" }).click()]);
    await regulator.getByText("评委已加入评委库。").waitFor();

    const assign = regulator.getByRole("form", { name: `分配评委：${entry!.title}` });
    await assign.getByRole("combobox").selectOption({ label: judge4.displayName });
    await Promise.all([regulator.waitForURL(/done=ASSIGN/), assign.getByRole("button", { name: "分配" }).click()]);
    await regulator.getByText("评委已分配。").waitFor();
    expect(await JudgeAssignment.countDocuments({ entryId: new mongoose.Types.ObjectId(entry!.id), judgeId: judge4._id, status: "active", automatic: false })).toBe(1);

    const remove = regulator.getByRole("form", { name: `移除评委：${judge4.displayName} · ${entry!.title}` });
    await Promise.all([regulator.waitForURL(/done=UNASSIGN_JUDGE/), remove.getByRole("button", { name: "移除" }).click()]);
    await regulator.getByText("评委已从该项目移除。").waitFor();

    // Reopening needs a reason.
    const reopen = regulator.getByRole("form", { name: `退回评分：${judge.displayName} · ${entry!.title}` });
    await reopen.getByRole("button", { name: "退回评分" }).click();
    await regulator.getByText("请填写退回理由").waitFor();
    await regulator.getByRole("form", { name: `退回评分：${judge.displayName} · ${entry!.title}` }).getByPlaceholder("退回理由").fill("第一项得分与评语不符，请复核");
    await Promise.all([
      regulator.waitForURL(/done=REOPEN/),
      regulator.getByRole("form", { name: `退回评分：${judge.displayName} · ${entry!.title}` }).getByRole("button", { name: "退回评分" }).click(),
    ]);
    await regulator.getByText("评分已退回，评委可修改后重新提交。").waitFor();
    await regulator.getByText("已退回：第一项得分与评语不符，请复核").waitFor();

    // The judge sees why, corrects and submits again.
    const judgePage = await asUser("judge");
    await judgePage.goto(`${baseUrl}/judge/entries/${entry!.id}`);
    await judgePage.getByText("监管部门已退回您的评分，请修改后重新提交。理由：第一项得分与评语不符，请复核").waitFor();
    await judgePage.getByLabel("得分（满分 10）").first().fill("6");
    await Promise.all([judgePage.waitForURL(/notice=submitted/), pressStep(judgePage, "提交评分")]);
    const sheet = (await ScoreSheet.findOne({ entryId: new mongoose.Types.ObjectId(entry!.id), judgeId: judge._id }).lean())!;
    expect(sheet.status).toBe("submitted");
    expect(sheet.reopenings.map((r) => r.reason)).toEqual(["第一项得分与评语不符，请复核"]);

    // A judge cannot use the regulator's pages or their actions (403), whatever the form says.
    const cookie = await cookieOf(judgePage);
    for (const path of [`/regulator/competitions/${id}/judging`, `/regulator/competitions/${id}/settings`]) {
      expect((await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } })).status).toBe(403);
    }
    const reopenAsJudge = await postForm(baseUrl, `/regulator/competitions/${id}/judging`, { intent: "REOPEN", entryId: entry!.id, judgeId: String(judge._id), reason: "我自己退回" }, { cookie });
    expect(reopenAsJudge.status).toBe(403);
    const assignAsJudge = await postForm(baseUrl, `/regulator/competitions/${id}/judging`, { intent: "ASSIGN_JUDGE", entryId: entry!.id, judgeId: String(judge4._id) }, { cookie });
    expect(assignAsJudge.status).toBe(403);
    const settingsAsJudge = await postForm(baseUrl, `/regulator/competitions/${id}/settings`, { title: "改名" }, { cookie });
    expect(settingsAsJudge.status).toBe(403);
    expect((await ScoreSheet.findOne({ entryId: new mongoose.Types.ObjectId(entry!.id), judgeId: judge._id }, { status: 1 }).lean())!.status).toBe("submitted");
    await regulator.screenshot({ path: "/tmp/ja-shots/e2e-judging-board.png", fullPage: true }).catch(() => {});
    await judgePage.context().close();
    await regulator.context().close();
  });
});
