/**
 * Official documents in the browser: a regulator approves a registration, downloads the
 * certificate from the case page, and anyone signed out opens its verification link and sees it
 * confirmed — the genuine file checks out, the same file with one byte changed does not.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import type { Actor } from "~/workflow/engine.server";
import { browserForFile, pressStep } from "../support/browser";
import { pdfText } from "../support/pdf-text";
import { registrationApplication } from "../support/registration";

const baseUrl = inject("baseUrl");
// The steps arranged here issue documents from this process: into the app's own file store.
process.env.DATA_DIR = inject("appDataDir");
const { asUser, browser } = browserForFile({ database: true });

const APPLICANT: Actor = { userId: null, name: "端到端申请人", role: "applicant" };
const REGULATOR: Actor = { userId: null, name: "王建国", role: "regulator" };

describe("documents: approve, download, verify", () => {
  it("downloads the certificate after approval and verifies it signed out; a file changed by one byte fails the check", async () => {
    const name = `银川市西夏区文书核验${Date.now() % 100000}服务中心`;
    // Owned by no demo account: approval would make its owner an organization user.
    const caseId = await registrationApplication({ name, district: "640105", applicant: APPLICANT, regulator: REGULATOR, accept: true });

    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/registrations/${caseId}`);
    await regulator.locator("#documents").getByText("受理通知书").waitFor();
    const approve = regulator.getByRole("form", { name: "准予登记" });
    await Promise.all([regulator.waitForURL(/done=APPROVE/), pressStep(approve, "准予登记")]);
    const uscc = /：([0-9A-Z]{18})/.exec((await regulator.getByText(/已准予登记，统一社会信用代码：/).textContent()) ?? "")?.[1];
    expect(uscc).toMatch(/^52640105/);

    // The certificate is listed with the decision; download it.
    const row = regulator.locator("#documents tbody tr", { hasText: "法人登记证书" });
    await row.waitFor();
    await regulator.locator("#documents tbody tr", { hasText: "准予登记决定书" }).waitFor();
    const [download] = await Promise.all([regulator.waitForEvent("download"), row.getByRole("link", { name: /^下载/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^银民社证〔\d{4}〕第\d+号\.pdf$/);
    const bytes = await readFile((await download.path())!);
    const text = await pdfText(bytes);
    expect(text).toContain(name);
    expect(text).toContain(uscc!);
    const verifyHref = (await row.getByRole("link", { name: "核验" }).getAttribute("href"))!;
    expect(text).toContain(verifyHref.slice("/verify/".length).replace(/(.{4})(?=.)/g, "$1-")); // the code printed on it

    // Signed out: the download itself is not for the public …
    const visitor = await (await browser().newContext()).newPage();
    const refused = await visitor.request.get(`${baseUrl}${new URL(await row.getByRole("link", { name: /^下载/ }).evaluate((a) => (a as HTMLAnchorElement).href)).pathname}`, { maxRedirects: 0 });
    expect([302, 303, 404]).toContain(refused.status());
    expect(refused.headers()["content-type"] ?? "").not.toContain("pdf");

    // … but its verification page is, and says what the document is.
    await visitor.goto(`${baseUrl}${verifyHref}`);
    await visitor.getByText("有效：本文书为现行有效文本。").waitFor();
    await visitor.getByText(name).waitFor();
    await visitor.getByText(uscc!).waitFor();
    expect((await visitor.getByTestId("sha256").textContent())?.trim()).toBe(createHash("sha256").update(bytes).digest("hex"));

    // The genuine file checks out.
    await visitor.getByLabel("PDF 文件").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: bytes });
    await visitor.getByRole("button", { name: "核对" }).click();
    await visitor.getByText("一致：该文件与签发的文件完全相同。").waitFor();

    // One byte changed (inside the file, where a forger would edit) does not.
    const tampered = Buffer.from(bytes);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    await visitor.getByLabel("PDF 文件").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: tampered });
    await visitor.getByRole("button", { name: "核对" }).click();
    await visitor.getByText("不一致：该文件与签发的文件不同，可能被修改过，请勿采信。").waitFor();

    // The public directory page links the certificate's verification.
    await visitor.goto(`${baseUrl}/directory/${uscc}`);
    expect(await visitor.getByRole("link", { name: "登记证书核验" }).getAttribute("href")).toBe(verifyHref);
  });

  it("answers an unknown verification code with 404", async () => {
    const response = await fetch(`${baseUrl}/verify/ABCDEFGHJKLMNPQR`);
    expect(response.status).toBe(404);
    expect((await fetch(`${baseUrl}/verify/not-a-code`)).status).toBe(404);
  });
});
