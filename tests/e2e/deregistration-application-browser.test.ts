/**
 * An organization applies for its own deregistration in the browser: the sponsoring unit's
 * letter uploaded with the application survives a submit refused for a missing reason and opens
 * the case with it, a letter that is not the organization's is refused, the consent cannot be
 * filed without a letter on the case, and the filed application is one case the regulator sees.
 */
import mongoose from "mongoose";
import { describe, expect, inject, it } from "vitest";
import { Attachment } from "@models/attachment";
import { WorkflowCase } from "@models/workflow-case";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { browserForFile } from "../support/browser";
import { postForm, cookiesOf } from "../support/http";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });

const pdf = (name: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") });

describe("an organization applies for deregistration", () => {
  it("keeps the uploaded letter through a submit refused for a missing reason, opens the case with it, files the consent once, and the regulator sees the case", async () => {
    const org = await asUser("org2");
    const orgUser = await mongoose.connection.collection("users").findOne({ username: "org2" });
    const organizationId = orgUser!.organizationId as mongoose.Types.ObjectId;
    await org.goto(`${baseUrl}/org`);
    await Promise.all([org.waitForURL(/\/org\/deregistration$/), org.getByRole("link", { name: "申请注销登记" }).click()]);
    // The address changes before the new page renders: until it has, the workspace's own upload
    // (organization documents) is the file input on the page.
    const letterUpload = org.getByRole("region", { name: "业务主管单位同意文件" }).locator('input[type="file"]');

    // The letter is uploaded first; a submit without a reason is refused in Chinese, nothing is
    // created, and the letter is still there: it need not be chosen again.
    await letterUpload.setInputFiles(pdf("业务主管单位同意注销的函.pdf"));
    await org.getByText("已上传：业务主管单位同意注销的函.pdf").waitFor();
    await org.getByRole("button", { name: "提交注销理由" }).click();
    await org.getByText("此项必填。").waitFor();
    await org.getByText("已上传：业务主管单位同意注销的函.pdf").waitFor();
    await org.getByRole("link", { name: "业务主管单位同意注销的函.pdf" }).waitFor();
    expect(await WorkflowCase.countDocuments({ kind: "deregistration", organizationId })).toBe(0);

    // The server checks the letter itself: an id that is not this organization's waiting letter is refused.
    const cookie = (await org.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const foreign = await postForm(baseUrl, "/org/deregistration", { intent: "apply", reason: "理事会决议终止。", consentLetters: new mongoose.Types.ObjectId().toHexString() }, { cookie });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("已上传的同意文件已被删除或不属于本组织");
    expect(await WorkflowCase.countDocuments({ kind: "deregistration", organizationId })).toBe(0);

    await org.getByRole("textbox", { name: "理由" }).fill("理事会决议终止，宗旨已实现。");
    await Promise.all([org.waitForURL(/notice=created/), org.getByRole("button", { name: "提交注销理由" }).click()]);
    await org.getByText("注销理由已登记").waitFor();
    // The case opened with the letter on it.
    const opened = await WorkflowCase.findOne({ kind: "deregistration", organizationId }, { _id: 1 }).lean();
    const letters = await Attachment.find({ organizationId, use: "sponsorConsent", status: "active" }, { caseKind: 1, caseId: 1, originalName: 1 }).lean();
    expect(letters.map((l) => [l.caseKind, l.caseId, l.originalName])).toEqual([["deregistration", String(opened!._id), "业务主管单位同意注销的函.pdf"]]);
    await org.getByRole("link", { name: "业务主管单位同意注销的函.pdf" }).waitFor();

    // A second, identical submission (a double click, another tab) opens no second case.
    const again = await postForm(baseUrl, "/org/deregistration", { intent: "apply", reason: "理事会决议终止，宗旨已实现。" }, { cookie });
    expect(again.status).toBe(302);
    expect(await WorkflowCase.countDocuments({ kind: "deregistration", organizationId })).toBe(1);

    // The consent without the sponsoring unit's letter (deleted from the case): refused, the typed opinion kept.
    org.once("dialog", (dialog) => void dialog.accept());
    await Promise.all([org.waitForURL(/fileDeleted=1/), org.getByRole("button", { name: "删除 业务主管单位同意注销的函.pdf" }).click()]);
    const consent = org.getByRole("form", { name: "提交注销申请" });
    await consent.getByLabel("意见或文号").fill("市教育局同意注销（银教函〔2026〕12号）");
    await consent.getByRole("button", { name: "提交注销申请" }).click();
    await org.getByText("请先上传业务主管单位同意注销的文件，再提交申请。").waitFor();
    expect(await org.getByRole("form", { name: "提交注销申请" }).getByLabel("意见或文号").inputValue()).toBe("市教育局同意注销（银教函〔2026〕12号）");

    await letterUpload.setInputFiles(pdf("业务主管单位同意注销的函.pdf"));
    await org.getByRole("link", { name: "业务主管单位同意注销的函.pdf" }).waitFor();
    await Promise.all([org.waitForURL(/notice=submitted/), org.getByRole("form", { name: "提交注销申请" }).getByRole("button", { name: "提交注销申请" }).click()]);
    await org.getByText("注销申请已提交").waitFor();
    await org.getByText("市教育局同意注销（银教函〔2026〕12号）").first().waitFor();
    await org.screenshot({ path: "/tmp/gates-ui-repro/org-deregistration.png", fullPage: true });

    const [exit] = await WorkflowCase.find({ kind: "deregistration", organizationId }).lean();
    expect(exit!.state).toBe("application");
    expect((exit!.snapshot as { context: { sponsorConsent: { note: string } } }).context.sponsorConsent.note).toContain("银教函");

    // The regulator finds it on the exit list and sees the consent and its letter.
    const regulator = await asUser("regulator");
    const regulatorCookie = cookiesOf(await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD }));
    const list = await (await fetch(`${baseUrl}/regulator/exits?pageSize=100`, { headers: { Cookie: regulatorCookie } })).text();
    expect(list).toContain(`/exits/${String(exit!._id)}`);
    await regulator.goto(`${baseUrl}/exits/${String(exit!._id)}`);
    await regulator.getByText("市教育局同意注销（银教函〔2026〕12号）").waitFor();
    await regulator.getByRole("link", { name: "业务主管单位同意注销的函.pdf" }).waitFor();
  });
});
