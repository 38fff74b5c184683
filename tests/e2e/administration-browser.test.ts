/**
 * The three administrators at work in Chromium (issue 14 item 3, issue 16): the system
 * administrator creates an organization user, who must change the temporary password at the
 * first sign-in; disables and resets accounts; the security administrator changes a setting;
 * a regulator shows a masked identity number; the audit administrator finds each of these in
 * the trail and verifies the chain. SCREENSHOT_DIR=… keeps a screenshot of each page.
 */
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { browserForFile, signInAs } from "../support/browser";

const baseUrl = inject("baseUrl");
const { browser, asUser } = browserForFile({ database: true });

async function shoot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe("administration that administers", { timeout: 240_000 }, () => {
  it("creates an organization user with a temporary password, which must be changed at the first sign-in", async () => {
    const organization = (await Organization.findOne({}, { uscc: 1, name: 1 }).sort({ nameSortKey: 1 }).lean())!;
    const admin = await asUser("admin");
    await admin.getByRole("heading", { level: 1, name: "系统管理" }).waitFor();
    await shoot(admin, "admin-home");
    await admin.getByRole("link", { name: "新建账号" }).click();
    await admin.getByRole("heading", { level: 1, name: "新建账号" }).waitFor();
    await admin.getByLabel("用户名", { exact: true }).fill("new-org-user");
    await admin.getByLabel("姓名", { exact: true }).fill("新组织用户");
    await admin.getByLabel("角色", { exact: true }).selectOption("org");
    await admin.getByRole("button", { name: "新建", exact: true }).click();
    // Forgot the organization: the form says what to fix and keeps what was typed.
    await admin.getByText("请填写 18 位统一社会信用代码").waitFor();
    expect(await admin.getByLabel("用户名", { exact: true }).inputValue()).toBe("new-org-user");
    await admin.getByLabel("所属组织统一社会信用代码").fill(organization.uscc);
    await admin.getByRole("button", { name: "新建", exact: true }).click();
    await admin.getByRole("heading", { name: "已新建账号 new-org-user" }).waitFor();
    const temporary = (await admin.locator(".temporary-password").textContent())!;
    expect(temporary.length).toBeGreaterThanOrEqual(14);
    await shoot(admin, "admin-created");

    const context = await browser().newContext();
    const user = await context.newPage();
    await signInAs(user, baseUrl, "new-org-user", temporary);
    await user.waitForURL(/\/account\/password\?required=1/);
    await user.getByText("请先设置新密码再继续").waitFor();
    await shoot(user, "password-required");
    // Another page waits for the new password too.
    await user.goto(`${baseUrl}/org`);
    await user.waitForURL(/\/account\/password\?required=1/);
    await user.getByLabel("当前密码").fill(temporary);
    await user.getByLabel("新密码").fill("new-org-user-1A!");
    await user.getByLabel("再次输入密码").fill("new-org-user-1A!");
    await user.getByRole("button", { name: "修改密码" }).click();
    await user.getByText("密码不能包含用户名").waitFor();
    await user.getByLabel("当前密码").fill(temporary);
    await user.getByLabel("新密码").fill("Green-Tea-2027!");
    await user.getByLabel("再次输入密码").fill("Green-Tea-2027!");
    await Promise.all([user.waitForURL(/\/org\?notice=passwordChanged/), user.getByRole("button", { name: "修改密码" }).click()]);
    const stored = (await User.findOne({ username: "new-org-user" }).lean())!;
    expect(stored).toMatchObject({ role: "org", mustChangePassword: false, organizationId: organization._id });

    // The system administrator disables it: the user is signed out at once.
    await admin.getByRole("link", { name: "查看该账号" }).click();
    await admin.locator("summary", { hasText: "停用账号" }).click();
    await admin.getByText("停用后该账号立即退出所有登录").waitFor();
    await shoot(admin, "account-disable-confirm");
    await admin.getByRole("button", { name: "确认停用账号" }).click();
    await admin.getByText("账号已停用。").waitFor();
    await user.goto(`${baseUrl}/org`);
    await user.waitForURL(/\/login/);
    await admin.getByRole("button", { name: "启用账号" }).click();
    await admin.getByText("账号已启用。").waitFor();

    // A reset: a new temporary password, shown once; the old password no longer works.
    await admin.locator("summary", { hasText: "重置密码" }).click();
    await admin.getByRole("button", { name: "确认重置密码" }).click();
    await admin.getByRole("heading", { name: "密码已重置" }).waitFor();
    const reset = (await admin.locator(".temporary-password").textContent())!;
    expect(reset).not.toBe(temporary);
    await shoot(admin, "account-reset");
    await context.close();
  });

  it("shows a regulator a masked identity number, the whole one on request, and records the view", async () => {
    const organization = (await Organization.findOne({}, { _id: 1 }).sort({ nameSortKey: 1 }).lean())!;
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/organizations/${String(organization._id)}`);
    const idRow = regulator.locator(".facts div", { hasText: "法定代表人身份证号码" });
    const masked = (await idRow.locator("dd .mono").textContent())!;
    expect(masked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    await shoot(regulator, "facts-masked");
    await idRow.getByRole("button", { name: "显示" }).click();
    await regulator.getByText("本次查看已记录").waitFor();
    const whole = (await idRow.locator("dd .mono").textContent())!;
    expect(whole).toMatch(/^\d{17}[\dX]$/);
    expect(whole.slice(-4)).toBe(masked.slice(-4));
    await shoot(regulator, "facts-shown");
  });

  it("lets the security administrator change a setting and the audit administrator find every event and verify the chain", async () => {
    const security = await asUser("secadmin");
    await security.getByRole("heading", { level: 1, name: "安全管理" }).waitFor();
    await shoot(security, "security-home");
    await security.getByLabel("无操作超时（分钟）").fill("20");
    await security.getByRole("button", { name: "保存" }).click();
    await security.getByText("安全策略已保存，并已记入审计。").waitFor();
    await security.getByLabel("无操作超时（分钟）").fill("100");
    await security.getByLabel("登录最长保持（分钟）").fill("90");
    await security.getByRole("button", { name: "保存" }).click();
    await security.getByText("登录最长保持时间不能短于无操作超时").waitFor();
    expect(await security.getByLabel("登录最长保持（分钟）").inputValue()).toBe("90");

    const audit = await asUser("auditadmin");
    await audit.getByRole("heading", { level: 1, name: "安全审计" }).waitFor();
    await audit.getByLabel("事件").selectOption("settings.change");
    await audit.getByRole("button", { name: "查询" }).click();
    const row = audit.locator("table tbody tr").first();
    await expect.poll(() => row.textContent()).toContain("secadmin");
    expect(await row.textContent()).toContain("idleMinutes: 30 → 20");
    await audit.getByLabel("事件").selectOption("personalData.show");
    await audit.getByRole("button", { name: "查询" }).click();
    await expect.poll(() => audit.locator("table tbody tr").first().textContent()).toContain("field: legalRepresentativeIdNumber");
    await audit.getByLabel("事件").selectOption("account.disable");
    await audit.getByRole("button", { name: "查询" }).click();
    await expect.poll(() => audit.locator("table tbody tr").first().textContent()).toContain("new-org-user");
    await Promise.all([audit.waitForURL(/notice=verifying/), audit.getByRole("button", { name: "立即校验" }).click()]);
    // It runs after the answer; the page asks again until the verdict is there.
    await audit.getByText(/完整：已校验 \d+ 条记录/).waitFor();
    await shoot(audit, "audit-home");
    // Reset for the other tests sharing this server.
    await security.getByLabel("无操作超时（分钟）").fill("30");
    await security.getByLabel("登录最长保持（分钟）").fill("720");
    await security.getByRole("button", { name: "保存" }).click();
    await security.getByText("安全策略已保存").waitFor();
  });
});
