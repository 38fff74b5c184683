import mongoose from "mongoose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { User } from "@models/user";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { launchBrowser, signInAs } from "../support/browser";
import { sampleExecutable, samplePdf, samplePng } from "../support/sample-files";

const baseUrl = inject("baseUrl");
const DROP_LABEL = "将文件拖到此处，或点击选择文件（可多选）";
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await browser?.close();
  await mongoose.disconnect();
});

/** The organization-documents section of the `org2` workspace (other test files use `org`). */
async function openWorkspace(page: Page) {
  await signInAs(page, baseUrl, "org2", DEMO_PASSWORD);
  await page.getByRole("heading", { level: 2, name: "本组织文件" }).waitFor();
}

/** How many uploads the page has sent so far. */
function countUploads(page: Page): () => number {
  let uploads = 0;
  page.on("request", (request) => {
    if (request.url().includes("/files/upload")) uploads++;
  });
  return () => uploads;
}

describe("the upload component", () => {
  it("uploads several chosen files with a progress bar each, lists the good one and explains the refusal", async () => {
    const page = await browser.newPage();
    await openWorkspace(page);
    await page.getByLabel(DROP_LABEL).setInputFiles([
      { name: "年度工作总结.pdf", mimeType: "application/pdf", buffer: samplePdf("browser upload") },
      { name: "伪装.pdf", mimeType: "application/pdf", buffer: sampleExecutable() },
    ]);
    await page.getByRole("link", { name: "下载 年度工作总结.pdf" }).waitFor();
    await expect(page.getByRole("progressbar", { name: "年度工作总结.pdf 上传进度" }).getAttribute("value")).resolves.toBe("100");
    await page.getByRole("alert").filter({ hasText: "文件“伪装.pdf”的内容与扩展名不符（实际为：可执行程序），已拒收。" }).waitFor();
    expect(await page.getByRole("link", { name: "下载 伪装.pdf" }).count()).toBe(0);
    await page.close();
  });

  it("accepts files dropped on it", async () => {
    const page = await browser.newPage();
    await openWorkspace(page);
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "拖放印章.png", { type: "image/png" }));
      return transfer;
    }, [...samplePng()]);
    await page.locator(".dropzone").dispatchEvent("drop", { dataTransfer });
    await page.getByRole("link", { name: "下载 拖放印章.png" }).waitFor();
    await page.close();
  });

  it("refuses a wrong type at once, in the user's language, without uploading", async () => {
    const page = await browser.newPage();
    await openWorkspace(page);
    const uploads = countUploads(page);
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "setup.exe", mimeType: "application/octet-stream", buffer: sampleExecutable() }]);
    await page.getByRole("alert").filter({ hasText: "文件“setup.exe”的格式不允许。" }).waitFor();
    expect(uploads()).toBe(0);
    await page.close();
  });

  it("sends a file chosen before the page's script took over, once it has", async () => {
    const page = await browser.newPage();
    await openWorkspace(page);
    let release!: () => void;
    const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/build/**", async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    const uploads = countUploads(page);
    await page.goto(`${baseUrl}/org`, { waitUntil: "commit" });
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "脚本加载前选择.pdf", mimeType: "application/pdf", buffer: samplePdf("chosen early") }]);
    release();
    await page.getByRole("link", { name: "下载 脚本加载前选择.pdf" }).waitFor();
    expect(await page.getByRole("button", { name: "上传" }).isVisible()).toBe(false);
    expect(uploads()).toBe(1);
    await page.close();
  });

  it("sends each of two successive choices, also where the browser refills one file list per input (as Firefox does)", async () => {
    const page = await browser.newPage();
    // Chromium hands out a new FileList per choice; Firefox keeps one per input and refills it.
    await page.addInitScript(() => {
      const files = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "files")!;
      const lists = new WeakMap<HTMLInputElement, FileList>();
      Object.defineProperty(HTMLInputElement.prototype, "files", {
        configurable: true,
        set: files.set,
        get(this: HTMLInputElement) {
          const current = () => files.get!.call(this) as FileList;
          if (!lists.has(this)) {
            lists.set(
              this,
              new Proxy({} as FileList, {
                get: (_, key) => {
                  const list = current();
                  const value = Reflect.get(list, key) as unknown;
                  return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(list) : value;
                },
              }),
            );
          }
          return lists.get(this)!;
        },
      });
    });
    await openWorkspace(page);
    const uploads = countUploads(page);
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "第一次选择.pdf", mimeType: "application/pdf", buffer: samplePdf("first choice") }]);
    await page.getByRole("link", { name: "下载 第一次选择.pdf" }).waitFor();
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "第二次选择.pdf", mimeType: "application/pdf", buffer: samplePdf("second choice") }]);
    await page.getByRole("link", { name: "下载 第二次选择.pdf" }).waitFor();
    expect(uploads()).toBe(2);
    await page.close();
  });

  it("sends, once, a file chosen while the page's script is taking over", async () => {
    const page = await browser.newPage();
    await openWorkspace(page);
    // The narrowest window: the file arrives while the component's first effect runs, before the
    // render it schedules. The page's own `files` getter is wrapped so that the effect's first read
    // of the empty list is when the user's choice lands (with its change event).
    await page.addInitScript((bytes) => {
      const files = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "files")!;
      let landed = false;
      Object.defineProperty(HTMLInputElement.prototype, "files", {
        configurable: true,
        set: files.set,
        get(this: HTMLInputElement) {
          const current = files.get!.call(this) as FileList | null;
          if (landed || this.type !== "file" || current?.length) return current;
          landed = true;
          const choice = new DataTransfer();
          choice.items.add(new File([new Uint8Array(bytes)], "接管时选择.pdf", { type: "application/pdf" }));
          files.set!.call(this, choice.files);
          this.dispatchEvent(new Event("change", { bubbles: true }));
          return current;
        },
      });
    }, [...samplePdf("chosen while taking over")]);
    const uploads = countUploads(page);
    await page.goto(`${baseUrl}/org`);
    await page.getByRole("link", { name: "下载 接管时选择.pdf" }).waitFor();
    expect(uploads()).toBe(1);
    await page.close();
  });

  it("works as a plain form without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await openWorkspace(page);
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "无脚本章程.pdf", mimeType: "application/pdf", buffer: samplePdf("no javascript") }]);
    await Promise.all([page.waitForURL(/\/org\?uploaded=1/), page.getByRole("button", { name: "上传" }).click()]);
    await page.getByRole("status").filter({ hasText: "已上传 1 个文件。" }).waitFor();
    await page.getByRole("link", { name: "下载 无脚本章程.pdf" }).waitFor();
    await context.close();
  });
});

describe("the regulator's files tab of an organization", () => {
  it("lists the organization's files and lets the regulator upload on its behalf", async () => {
    const org2 = await User.findOne({ username: "org2" }, { organizationId: 1 }).lean();
    const page = await browser.newPage();
    await signInAs(page, baseUrl, "regulator", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/regulator/organizations/${String(org2!.organizationId)}/files`);
    await page.getByRole("heading", { level: 2, name: "组织文件" }).waitFor();
    await page.getByLabel(DROP_LABEL).setInputFiles([{ name: "代为上传的登记证书.pdf", mimeType: "application/pdf", buffer: samplePdf("by the regulator") }]);
    await page.getByRole("link", { name: "下载 代为上传的登记证书.pdf" }).waitFor();
    await page.close();
  });
});
