/**
 * The entry gate end to end, in the browser: an applicant submits (after being told what is
 * missing), the regulator requests a correction, the applicant corrects and resubmits, the
 * regulator accepts and approves — and the organization is then in the public register.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserForFile, pageSignedInAs, pressStep } from "../support/browser";
import { postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const { asUser, browser } = browserForFile();

/**
 * A new applicant from the public sign-up. Approval turns the applicant's account into the new
 * organization's, so the demo applicant must not be the one approved: other files use it as an applicant.
 */
async function newApplicant(): Promise<Page> {
  const password = "Founder-2026!";
  const response = await postForm(baseUrl, "/signup", { username: `founder${Date.now() % 100000}`, displayName: "端到端发起人", password, confirm: password, website: "" });
  const username = new URL(response.headers.get("location")!, baseUrl).searchParams.get("created");
  if (!username) throw new Error(`sign-up answered ${response.status} without an account`);
  return pageSignedInAs(browser(), baseUrl, username, password);
}

async function act(page: Page, action: string, fields: Record<string, string> = {}) {
  const form = page.getByRole("form", { name: action });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await Promise.all([page.waitForURL(/done=/), pressStep(form, action)]);
}

describe("registration through the entry gate", () => {
  it("goes from application through correction to approval, and the organization appears in the public register", async () => {
    const name = `银川市金凤区端到端测试${Date.now() % 100000}服务中心`;

    // A new applicant starts a draft with only the name and type.
    const applicant = await newApplicant();
    await applicant.goto(`${baseUrl}/applications/new`);
    await applicant.getByLabel("拟设名称").fill(name);
    await applicant.getByLabel("组织类型").selectOption("socialServiceAgency");
    await Promise.all([applicant.waitForURL(/notice=created/), applicant.getByRole("button", { name: "保存草稿" }).click()]);
    const caseUrl = applicant.url().replace(/\?.*$/, "");

    // Submitting an incomplete application says what is missing and keeps the case a draft.
    await applicant.getByRole("form", { name: "提交申请" }).getByRole("button", { name: "提交申请" }).click();
    await applicant.getByText("申请材料不完整").waitFor();
    await applicant.getByText("请填写有效的联系电话").waitFor();
    await applicant.getByText("请上传申请材料").waitFor();
    await applicant.locator(".badge").getByText("草稿").waitFor();

    // A bad value on save is refused with the message, and what was typed stays in the form.
    await applicant.getByLabel("住所所在区县").selectOption("640106");
    await applicant.getByLabel("拟任法定代表人").fill("端到端");
    await applicant.getByLabel("住所", { exact: true }).fill("银川市金凤区测试大街1号");
    await applicant.getByLabel("开办资金（元）").fill("三万");
    await applicant.getByLabel("联系电话").fill("0951-5550123");
    await applicant.getByLabel("业务范围").fill("社区志愿服务、邻里互助");
    await applicant.getByLabel("法定代表人身份证号码").fill("11010519491231002X");
    await applicant.getByLabel("法定代表人手机号码").fill("13812345678");
    await applicant.getByRole("button", { name: "保存草稿" }).click();
    await applicant.getByText("开办资金请填写金额（元）").waitFor();
    expect(await applicant.getByLabel("业务范围").inputValue()).toBe("社区志愿服务、邻里互助");
    await applicant.getByLabel("开办资金（元）").fill("30000");
    await Promise.all([applicant.waitForURL(/notice=saved/), applicant.getByRole("button", { name: "保存草稿" }).click()]);
    await applicant.locator('input[type="file"]').setInputFiles({
      name: "章程.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    });
    await applicant.getByRole("link", { name: "章程.pdf" }).waitFor();
    await act(applicant, "提交申请");
    await applicant.locator(".badge").getByText("待受理").waitFor();

    // The regulator finds it in the queue and asks for a correction.
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/registrations`);
    await Promise.all([regulator.waitForURL(caseUrl), regulator.getByRole("link", { name }).click()]);
    await act(regulator, "要求补正", { 需补正的事项: "请补充住所使用证明。" });
    await regulator.locator(".badge").getByText("待补正").waitFor();

    // The applicant sees the request, corrects, and resubmits.
    await applicant.goto(caseUrl);
    await applicant.getByText("请补充住所使用证明。").first().waitFor();
    await applicant.getByLabel("住所", { exact: true }).fill("银川市金凤区测试大街1号（附使用证明）");
    await Promise.all([applicant.waitForURL(/notice=saved/), applicant.getByRole("button", { name: "保存草稿" }).click()]);
    await act(applicant, "补正后重新提交");

    // The regulator accepts, then approves.
    await regulator.goto(caseUrl);
    await act(regulator, "受理");
    await regulator.locator(".badge").getByText("登记审查").waitFor();
    await regulator.getByText(/剩余 \d+ 天/).waitFor();
    await act(regulator, "准予登记");
    const notice = await regulator.getByText(/已准予登记，统一社会信用代码：/).textContent();
    const uscc = /：([0-9A-Z]{18})/.exec(notice ?? "")?.[1];
    expect(uscc).toMatch(/^52640106/);

    // The history shows every step with who did it.
    const history = await regulator.locator(".timeline").textContent();
    for (const step of ["创建申请", "提交申请", "要求补正", "补正后重新提交", "受理", "准予登记"]) expect(history).toContain(step);

    // The organization is in the public JSON API and the public directory.
    const api = await fetch(`${baseUrl}/api/v1/organizations/${uscc}`);
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ uscc, name, status: "registered", district: "640106" });
    const publicPage = await browser().newPage();
    await publicPage.goto(`${baseUrl}/directory?q=${encodeURIComponent(name)}`);
    await publicPage.getByText(name).first().waitFor();
  });

  it("does not show another applicant's application", async () => {
    const other = await asUser("org2");
    const applicant = await asUser("applicant");
    await applicant.goto(`${baseUrl}/applications`);
    const href = await applicant.locator("table a").first().getAttribute("href");
    const response = await other.goto(`${baseUrl}${href}`);
    expect(response?.status()).toBe(404);
  });
});
