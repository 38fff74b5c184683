/** Debian's Chromium driven by playwright-core (it never downloads a browser of its own). */
import { existsSync } from "node:fs";
import mongoose from "mongoose";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: run 'apt-get install -y chromium fonts-noto-cjk' (npm test does this as root).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function signInAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("button", { name: "登录" }).click()]);
}

/** A fresh browser context signed in as a demo account (its own cookies), on its home page. */
export async function pageSignedInAs(browser: Browser, baseUrl: string, username: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, baseUrl, username, password);
  return page;
}

/**
 * A browser test file's setup: Chromium for the file's tests and, with `database`, a Mongoose
 * connection to the app's own database to arrange and check data; both closed after the file.
 * Call it at the top of the file; its hooks run before the file's own `beforeAll`.
 */
export function browserForFile(options: { database?: boolean } = {}) {
  const baseUrl = inject("baseUrl");
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    if (options.database) await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
  });
  afterAll(async () => {
    await browser?.close();
    if (options.database) await mongoose.disconnect();
  });
  const opened = (): Browser => {
    if (!browser) throw new Error("browserForFile: the browser opens in beforeAll");
    return browser;
  };
  return {
    browser: opened,
    /** A fresh context signed in as a demo account, on its home page. */
    asUser: (username: string): Promise<Page> => pageSignedInAs(opened(), baseUrl, username, DEMO_PASSWORD),
  };
}

/**
 * Presses a step's button in `scope`: an irreversible step (ConfirmSubmit) is opened, unless it
 * is open already, and then confirmed with the button it reveals; any other is clicked at once.
 * Waits for either kind to be on the page, so it can follow a navigation that is still rendering.
 */
export async function pressStep(scope: Page | Locator, label: string): Promise<void> {
  const summary = scope.locator("details.confirm-submit > summary").filter({ hasText: label });
  const plain = scope.getByRole("button", { name: label, exact: true });
  await summary.or(plain).first().waitFor();
  if ((await summary.count()) > 0) {
    const details = summary.first().locator("xpath=..");
    if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await summary.first().click();
    await details.locator(".confirm-submit__body").getByRole("button").click();
  } else {
    await plain.first().click();
  }
}
