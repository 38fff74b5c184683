import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3977";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
async function signIn(page, user) {
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名").fill(user);
  await page.getByLabel("密码").fill("Yinchuan@2026");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "登录" }).click()]);
}
const width = Number(process.env.W ?? 1366);
const ctx = await browser.newContext({ viewport: { width, height: 900 } });
const page = await ctx.newPage();
await signIn(page, "org");
await page.goto(`${base}/org`);
await page.screenshot({ path: `/tmp/docs-shots/org-home-${width}.png`, fullPage: true });
const verifyHref = await page.locator("#documents a", { hasText: "核验" }).first().getAttribute("href");
console.log("verify", verifyHref);
const rctx = await browser.newContext({ viewport: { width, height: 900 } });
const rpage = await rctx.newPage();
await signIn(rpage, "regulator");
await rpage.goto(`${base}/regulator/registrations?state=`);
const links = await rpage.locator("a[href^='/registrations/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
console.log(links);
for (const href of links.slice(0, 8)) {
  await rpage.goto(`${base}${href}`);
  const n = await rpage.locator("#documents tbody tr").count();
  if (n > 0) { console.log("case with docs", href, n); await rpage.locator("#documents").screenshot({ path: `/tmp/docs-shots/case-docs-${width}.png` }); break; }
}
const anon = await browser.newContext({ viewport: { width, height: 900 } });
const p2 = await anon.newPage();
await p2.goto(`${base}${verifyHref}`);
await p2.screenshot({ path: `/tmp/docs-shots/verify-${width}.png`, fullPage: true });
await browser.close();
