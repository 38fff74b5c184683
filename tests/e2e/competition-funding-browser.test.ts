/**
 * After the award, in the browser: the organization uploads its signed agreement and signs; the
 * regulator records the first tranche; the organization files its mid-term report (first
 * incomplete — told what is missing, keeping what it typed — then complete, with a file); the
 * regulator reads it (spending against the budget) and passes it, which makes the next tranche
 * due. A resent form changes nothing, and another organization can neither read nor submit the
 * report nor download the agreement.
 */
import mongoose from "mongoose";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { Attachment } from "@models/attachment";
import { User } from "@models/user";
import { WorkflowTransition } from "@models/workflow-transition";
import { recordAttachment } from "~/attachments/attachments.server";
import type { SessionUser } from "~/auth/guards.server";
import { recordDisbursement } from "~/competition/funding/payments.server";
import { ENTRY_KIND } from "~/domain/competition";
import { FUNDING_INTENTS, fundingAction } from "~/competition/funding/funding.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import { parseStep } from "~/forms/parse-form";
import { entriesOf } from "~/competition/ranking/ranking.server";
import { loadCase } from "~/workflow/engine.server";
import { browserForFile, pressStep } from "../support/browser";
import { awardedCompetition } from "../support/competition";
import { postForm } from "../support/http";
import { samplePdf } from "../support/sample-files";

const baseUrl = inject("baseUrl");
const DROP_LABEL = "将文件拖到此处，或点击选择文件（可多选）";
const { asUser } = browserForFile({ database: true });
let competitionId = "";
let entryId = "";
let entryTitle = "";
const shots = process.env.SCREENSHOT_DIR;

beforeAll(async () => {
  const [org, org2] = await Promise.all(["org", "org2"].map((username) => User.findOne({ username }, { organizationId: 1 }).lean()));
  ({ id: competitionId } = await awardedCompetition({ label: `端到端资助${Date.now() % 100000}`, organizationIds: [String(org!.organizationId), String(org2!.organizationId)] }));
  const mine = (await entriesOf(competitionId, ["awarded"])).find((e) => e.organizationId === String(org!.organizationId));
  expect(mine, "the org account's entry is awarded").toBeDefined();
  ({ id: entryId, title: entryTitle } = mine!);
});
const cookieOf = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
const badge = (page: Page, text: string) => page.locator(".page-head .badge").getByText(text).waitFor();
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
};

describe("a funded project from the agreement to the passed mid-term review", () => {
  it("signs by uploading, is paid, reports (incomplete, then complete) and is reviewed; resent forms change nothing", async () => {
    const org = await asUser("org");
    const entryUrl = `${baseUrl}/org/competitions/entries/${entryId}`;
    await org.goto(entryUrl);
    await badge(org, "获得资助");

    // Signing without a stored agreement is refused with the reason.
    const sign = org.getByRole("form", { name: "确认已签协议" });
    await pressStep(sign, "确认已签协议");
    await org.getByRole("alert").filter({ hasText: "请先上传签署的资助协议。" }).waitFor();

    await org.getByLabel(DROP_LABEL).setInputFiles([{ name: "资助协议（签章版）.pdf", mimeType: "application/pdf", buffer: samplePdf("signed agreement") }]);
    await org.getByRole("link", { name: "下载 资助协议（签章版）.pdf" }).waitFor();
    await shot(org, "org-awarded");
    await Promise.all([org.waitForURL(/notice=SIGN_AGREEMENT/), pressStep(org.getByRole("form", { name: "确认已签协议" }), "确认已签协议")]);
    await org.getByText("已确认签订资助协议。").waitFor();
    await badge(org, "已签协议");
    const agreement = await Attachment.findOne({ caseId: entryId, use: "agreement" }, { reliedOn: 1 }).lean();
    expect(agreement?.reliedOn).toBe(true); // evidence now: it can no longer be deleted

    // The regulator records the signing tranche on the competition page.
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/competitions/${competitionId}`);
    const tranche = regulator.getByRole("form", { name: `登记拨付: ${entryTitle}` });
    await tranche.getByLabel("凭证号").fill("E2E-FUND-1");
    await tranche.getByLabel("拨付日期").fill("2026-07-01");
    await Promise.all([regulator.waitForURL(/done=RECORD_TRANCHE/), tranche.getByRole("button", { name: "登记拨付" }).click()]);

    // The mid-term report: submitted incomplete, it says what is missing and keeps the text.
    await org.goto(entryUrl);
    await badge(org, "实施中");
    const report = org.getByRole("form", { name: "中期报告" });
    const narrative = "已开展助老服务 12 场，入户探访 46 户，组建志愿者队伍 15 人。";
    await report.getByLabel("项目进展与成效").fill(narrative);
    await report.getByLabel("“活动”实际支出").fill("-20");
    await Promise.all([org.waitForResponse((r) => r.request().method() === "POST"), report.getByRole("button", { name: "提交中期报告" }).click()]);
    const alert = org.getByRole("alert").filter({ hasText: "部分内容格式不正确" });
    await alert.waitFor();
    await alert.getByText("“活动”实际支出：请填写不小于 0 的金额（元，最多两位小数）").waitFor();
    await expect(report.getByLabel("项目进展与成效").inputValue()).resolves.toBe(narrative);
    await expect(report.getByLabel("“活动”实际支出").inputValue()).resolves.toBe("-20");

    await report.getByLabel("“活动”实际支出").fill("");
    await Promise.all([org.waitForResponse((r) => r.request().method() === "POST"), report.getByRole("button", { name: "提交中期报告" }).click()]);
    const missing = org.getByRole("alert").filter({ hasText: "报告尚不完整" });
    await missing.getByText("受益人次：必填").waitFor();
    await missing.getByText("报告附件：请至少上传一份报告附件").waitFor();
    await expect(report.getByLabel("项目进展与成效").inputValue()).resolves.toBe(narrative);
    await shot(org, "org-report-missing");

    await org.getByLabel(DROP_LABEL).setInputFiles([{ name: "中期报告.pdf", mimeType: "application/pdf", buffer: samplePdf("midterm report") }]);
    await org.getByRole("link", { name: "下载 中期报告.pdf" }).waitFor();
    await report.getByLabel("受益人次").fill("328");
    await report.getByLabel("“活动”实际支出").fill("21,500.50");
    const staleSeq = (await loadCase(entryId)).workflowCase.seq;
    await Promise.all([org.waitForURL(/notice=SUBMIT_MIDTERM_REPORT/), report.getByRole("button", { name: "提交中期报告" }).click()]);
    await org.getByText("中期报告已提交，等待评估。").waitFor();
    await badge(org, "中期报告已提交");
    await shot(org, "org-midterm-submitted");

    // The same submission resent (a double click, a resent form) is refused and records nothing.
    const again = await postForm(baseUrl, `/org/competitions/entries/${entryId}`, { intent: "SUBMIT_MIDTERM_REPORT", seq: String(staleSeq), narrative, beneficiaries: "999", spent0: "1" }, { cookie: await cookieOf(org) });
    expect(again.status).toBe(303); // back to the page, which says someone acted first
    expect(again.headers.get("Location")).toContain("conflict=SUBMIT_MIDTERM_REPORT");
    const { snapshot } = await loadCase(entryId);
    expect(snapshot.context.midtermReport).toMatchObject({ narrative, beneficiaries: 328, spending: [{ item: "活动", budgetFen: 5_000_000, spentFen: 2_150_050 }] });

    // The regulator reads the report against the budget, refuses a failure without a comment, passes it.
    await regulator.goto(`${baseUrl}/regulator/competitions/entries/${entryId}`);
    await regulator.getByText(narrative).waitFor();
    const spending = regulator.locator("table.spending-table");
    const line = spending.locator("tbody tr").filter({ hasText: "活动" });
    await expect(line.locator("td").allTextContents()).resolves.toEqual(["活动", "活动费用", "50,000.00 元", "21,500.50 元", "43.0%"]);
    await regulator.getByRole("link", { name: "下载 中期报告.pdf" }).waitFor();
    await shot(regulator, "regulator-midterm");
    const review = regulator.getByRole("form", { name: "中期评估" });
    await review.getByLabel("不通过").check();
    await Promise.all([regulator.waitForResponse((r) => r.request().method() === "POST"), review.getByRole("button", { name: "中期评估" }).click()]);
    await review.getByText("评估不通过时须填写评估意见").waitFor();
    const reviewSeq = (await loadCase(entryId)).workflowCase.seq;
    await review.getByLabel("通过", { exact: true }).check();
    await review.getByLabel("评估意见").fill("活动按计划开展，台账齐全。");
    await Promise.all([regulator.waitForURL(/done=MIDTERM_REVIEW/), review.getByRole("button", { name: "中期评估" }).click()]);
    await regulator.getByText("中期评估结果已记录。").waitFor();
    await badge(regulator, "中期评估通过");
    await regulator.getByRole("cell", { name: "已到拨付条件，待拨付" }).waitFor();

    // A second review sent with the page's old seq makes no second transition.
    const twice = await postForm(baseUrl, `/regulator/competitions/entries/${entryId}`, { intent: "MIDTERM_REVIEW", seq: String(reviewSeq), decision: "fail", comment: "重复提交" }, { cookie: await cookieOf(regulator) });
    expect(twice.status).toBe(303);
    expect(twice.headers.get("Location")).toContain("conflict=MIDTERM_REVIEW");
    const reviews = await WorkflowTransition.countDocuments({ caseId: new mongoose.Types.ObjectId(entryId), event: "MIDTERM_REVIEW" });
    expect(reviews).toBe(1);
    expect((await loadCase(entryId)).workflowCase.state).toBe("midtermPassed");
  });

  it("fails a mid-term report with a comment, then terminates the project with the clawback recorded", async () => {
    // org2's project reaches a submitted mid-term report through the services, as its staff would.
    const other = (await User.findOne({ username: "org2" }).lean())!;
    const staff: SessionUser = { id: String(other._id), username: "org2", displayName: other.displayName, role: "org", organizationId: String(other.organizationId), partyInstructorId: null };
    const failingId = (await entriesOf(competitionId, ["awarded"])).find((e) => e.organizationId === staff.organizationId)!.id;
    const stored = { storedName: "b".repeat(64), adapter: "local" as const, inspection: { size: 10, sha256: "b".repeat(64), kind: "pdf" as const }, uploaderId: staff.id };
    const seq = async () => String((await loadCase(failingId)).workflowCase.seq);
    const fields = (entries: Record<string, string>) => parseStep(entries, FUNDING_INTENTS);
    await recordAttachment({ caseKind: ENTRY_KIND, caseId: failingId, organizationId: staff.organizationId, use: "agreement", name: "协议.pdf", ...stored });
    expect((await fundingAction(staff, failingId, fields({ intent: "SIGN_AGREEMENT", seq: await seq() }))).ok).toBe(true);
    const regulatorUser = (await User.findOne({ username: "regulator" }).lean())!;
    const bureau: SessionUser = { id: String(regulatorUser._id), username: "regulator", displayName: regulatorUser.displayName, role: "regulator", organizationId: null, partyInstructorId: null };
    expect(await recordDisbursement(bureau, competitionId, { entryId: failingId, trancheIndex: 0, voucherNumber: "E2E-FAIL-1", paidOn: parseCalendarDate("2026-07-02")! })).toEqual({ ok: true });
    await recordAttachment({ caseKind: ENTRY_KIND, caseId: failingId, organizationId: staff.organizationId, use: "midtermReport", name: "中期报告.pdf", ...stored });
    const sent = await fundingAction(staff, failingId, fields({ intent: "SUBMIT_MIDTERM_REPORT", seq: await seq(), narrative: "仅开展活动 2 场。", beneficiaries: "30", spent0: "3000" }));
    expect(sent.ok).toBe(true);

    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/competitions/entries/${failingId}`);
    const review = regulator.getByRole("form", { name: "中期评估" });
    await review.getByLabel("不通过").check();
    await review.getByLabel("评估意见").fill("活动开展不足计划的三成，台账缺失。");
    await Promise.all([regulator.waitForURL(/done=MIDTERM_REVIEW/), review.getByRole("button", { name: "中期评估" }).click()]);
    await badge(regulator, "中期评估未通过");
    await regulator.getByText("评估不通过（").waitFor();

    const terminate = regulator.getByRole("form", { name: "终止项目" });
    await terminate.getByLabel("终止理由").fill("中期评估不合格，终止项目。");
    await terminate.getByLabel("追回金额（元）").fill("30000");
    await Promise.all([regulator.waitForResponse((r) => r.request().method() === "POST"), pressStep(terminate, "终止项目")]);
    await terminate.getByText("追回金额不能超过已拨付金额").waitFor();
    await expect(terminate.getByLabel("终止理由").inputValue()).resolves.toBe("中期评估不合格，终止项目。");
    await terminate.getByLabel("追回金额（元）").fill("6250.00");
    await Promise.all([regulator.waitForURL(/done=TERMINATE/), pressStep(terminate, "终止项目")]);
    await badge(regulator, "已终止");
    await regulator.getByText("应追回资金 6,250.00 元").waitFor();
    await shot(regulator, "regulator-terminated");
    expect((await loadCase(failingId)).snapshot.context.termination).toMatchObject({ reason: "中期评估不合格，终止项目。", clawbackFen: 625_000 });
  });

  it("keeps the entry's reports and agreement from another organization (404), and its forms from it", async () => {
    const other = await asUser("org2");
    const page = await other.goto(`${baseUrl}/org/competitions/entries/${entryId}`);
    expect(page!.status()).toBe(404);
    const cookie = await cookieOf(other);
    const submit = await postForm(baseUrl, `/org/competitions/entries/${entryId}`, { intent: "SUBMIT_FINAL_REPORT", narrative: "冒名提交", beneficiaries: "1", spent0: "1" }, { cookie });
    expect(submit.status).toBe(404);
    const save = await postForm(baseUrl, `/org/competitions/entries/${entryId}`, { intent: "SAVE_REPORT", narrative: "冒名草稿" }, { cookie });
    expect(save.status).toBe(404);
    const files = await Attachment.find({ caseId: entryId, use: mongoose.trusted({ $in: ["agreement", "midtermReport"] }) }, { _id: 1 }).lean();
    expect(files.length).toBe(2);
    for (const file of files) expect((await fetch(`${baseUrl}/files/${String(file._id)}`, { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await other.goto(`${baseUrl}/regulator/competitions/entries/${entryId}`))!.status()).toBe(403);
    // The owner still downloads its own agreement.
    const owner = await asUser("org");
    const own = await fetch(`${baseUrl}/files/${String(files[0]!._id)}`, { headers: { Cookie: await cookieOf(owner) } });
    expect(own.status).toBe(200);
  });
});
