/**
 * The crawler: signs in as each demo role (and as the public), follows every link it may reach
 * from its home page plus the pages behind forms, and opens each page in Chromium at 1366 px and
 * 390 px, in standard and in large type. A page fails on an HTTP status of 500 or more (or a
 * link that leads to a 4xx), horizontal overflow, leaked text (message keys, NaN, undefined,
 * null, [object Object], Invalid Date), a console or page error, an axe-core violation of impact
 * serious or critical, a chart whose bars are not in proportion to the numbers in its table, or,
 * in large type, text under 18 px. The same pages are then read in English over HTTP for leaked
 * text, and every download they link to (official documents) must answer.
 *
 * The page list comes from tests/support/site-pages.ts, which samples each address pattern (a few
 * organizations, not all 134) so the crawl stays within a few minutes on two cores; the page
 * benchmark loads the same list. */
import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { textSizeCookie } from "~/display/text-size.server";
import { localeCookie } from "~/i18n/locale.server";
import { DEMO_ACCOUNTS } from "../../scripts/seed/demo";
import { browserForFile } from "../support/browser";
import { chartsOutOfProportion, findOverflow, leakedText, seriousAccessibilityViolations, textOfHtml, textSmallerThan, visibleText } from "../support/page-checks";
import { discoverSite, signInDemoRoles, type RoleSite, type SitePage } from "../support/site-pages";

const baseUrl = inject("baseUrl");
const { browser } = browserForFile();

const WIDTHS = [1366, 390] as const;
/** Pages open at once per role: the server, not the browser, is the bottleneck on two cores. */
const TABS = 3;
/** Large type promises body text of at least this size (适老化). */
const LARGE_TYPE_MIN_PX = 18;
const MIN_DISTINCT_PAGES = 150;

/** The roles, known before the server is asked: the public, then one demo account per role. */
const ROLES = ["public", ...new Set([...DEMO_ACCOUNTS.map((a) => a.role), "applicant"])];
const found = new Map<string, RoleSite>();

beforeAll(async () => {
  const cookies = await signInDemoRoles(baseUrl);
  expect(Object.keys(cookies)).toEqual(ROLES);
  for (const site of await discoverSite(baseUrl, cookies)) found.set(site.role, site);
}, 300_000);

/** The context's cookies from a Cookie header's `name=value` pairs. */
async function contextWithCookie(from: Browser, cookie: string): Promise<BrowserContext> {
  const context = await from.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
  const cookies = cookie
    .split(/;\s*/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: baseUrl };
    });
  if (cookies.length) await context.addCookies(cookies);
  return context;
}

/** Resolves once React has hydrated the page and reported what it had to report. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith("__reactFiber")), undefined, { timeout: 15_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/**
 * Every problem one page has. In standard type at both widths: everything. In large type (the
 * header's 大字模式, a cookie), where only sizes change: overflow at both widths and text under 18 px.
 */
async function checkPage(page: Page, target: SitePage, mode: "standard" | "large"): Promise<string[]> {
  const problems: string[] = [];
  const errors: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    // The browser logs the page's own 404 (an intended one, e.g. /no-such-page) as a failed load.
    if (target.status >= 400 && message.text().startsWith("Failed to load resource") && message.location().url === `${baseUrl}${target.path}`) return;
    errors.push(`console: ${message.text().slice(0, 300)}`);
  };
  const onPageError = (error: Error) => errors.push(`page error: ${error.message.slice(0, 300)}`);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  const at = (width: number) => (mode === "large" ? `${width} px, large type` : `${width} px`);
  try {
    if (mode === "standard" && target.from && target.status >= 400) problems.push(`the link on ${target.from} leads to HTTP ${target.status}`);
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
    const response = await page.goto(`${baseUrl}${target.path}`);
    const status = response?.status() ?? 0;
    if (status >= 500) problems.push(`HTTP ${status}`);
    await hydrated(page);
    for (const width of WIDTHS) {
      if (width !== WIDTHS[0]) await page.setViewportSize({ width, height: 900 });
      const overflow = await findOverflow(page);
      if (overflow.documentWidth > overflow.viewportWidth) problems.push(`${at(width)}: the page is ${overflow.documentWidth} px wide`);
      for (const o of overflow.elements.slice(0, 5)) problems.push(`${at(width)}: ${o.element} sticks out of ${o.container} by ${o.by} px`);
      if (mode === "large") {
        const small = await textSmallerThan(page, LARGE_TYPE_MIN_PX);
        if (small.length) problems.push(`${at(width)}: text under ${LARGE_TYPE_MIN_PX} px: ${small.slice(0, 5).join("; ")}`);
        continue;
      }
      if (width === WIDTHS[0]) for (const chart of await chartsOutOfProportion(page)) problems.push(`chart ${chart}`);
      const leaked = leakedText(await visibleText(page));
      if (leaked.length) problems.push(`${at(width)}: shows ${leaked.map((s) => `"${s}"`).join(", ")}`);
      for (const violation of await seriousAccessibilityViolations(page)) problems.push(`${at(width)}: axe ${violation}`);
    }
  } catch (error) {
    problems.push(`could not be checked: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
  }
  return [...problems, ...errors];
}

/** Checks a role's pages in standard and in large type, a few tabs at once; returns `path: problem` lines. */
async function crawl(rolePages: RoleSite): Promise<string[]> {
  const large = (await textSizeCookie.serialize("large")).split(";")[0]!;
  const contexts = { standard: await contextWithCookie(browser(), rolePages.cookie), large: await contextWithCookie(browser(), [rolePages.cookie, large].filter(Boolean).join("; ")) };
  const queue = (["standard", "large"] as const).flatMap((mode) => rolePages.pages.map((target) => ({ target, mode })));
  const problems: string[] = [];
  const worker = async () => {
    const tabs = { standard: await contexts.standard.newPage(), large: await contexts.large.newPage() };
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const problem of await checkPage(tabs[next.mode], next.target, next.mode)) problems.push(`${next.target.path}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: TABS }, worker));
  await Promise.all([contexts.standard.close(), contexts.large.close()]);
  return problems;
}

describe("every page each role can reach", () => {
  for (const role of ROLES) {
    it(`${role}: no server error, overflow, leaked text, console error or serious accessibility violation at 1366 and 390 px, in standard and large type`, async () => {
      const rolePages = found.get(role)!;
      const started = Date.now();
      const problems = await crawl(rolePages);
      console.log(`[crawler] ${role}: ${rolePages.pages.length} pages visited in ${Math.round((Date.now() - started) / 1000)} s, ${problems.length} problems`);
      expect(problems, problems.join("\n")).toEqual([]);
    }, 600_000);
  }

  it("shows no message key or placeholder on any of those pages in English", async () => {
    const problems: string[] = [];
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    for (const rolePages of found.values()) {
      const cookie = [rolePages.cookie, english].filter(Boolean).join("; ");
      for (const target of rolePages.pages) {
        const html = await (await fetch(`${baseUrl}${target.path}`, { headers: { Cookie: cookie } })).text();
        const body = html.slice(html.indexOf("<body"));
        const leaked = leakedText(textOfHtml(body));
        if (leaked.length) problems.push(`${rolePages.role} ${target.path}: shows ${leaked.join(", ")}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  }, 300_000);

  it("gets every download those pages link to (official documents), as the person who sees the link", () => {
    const failed = [...found.values()].flatMap((site) => site.other.filter((o) => o.status >= 400).map((o) => `${site.role} ${o.path} (linked from ${o.from}): HTTP ${o.status}`));
    const documents = [...found.values()].flatMap((site) => site.other.filter((o) => o.path.startsWith("/documents/")));
    console.log(`[crawler] ${documents.length} document downloads, ${failed.length} failed`);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((d) => d.contentType.startsWith("application/pdf"))).toBe(true);
    expect(failed, failed.join("\n")).toEqual([]);
  });

  it(`visits at least ${MIN_DISTINCT_PAGES} distinct pages in all`, () => {
    const distinct = new Set([...found.values()].flatMap((r) => r.pages.map((p) => p.path)));
    console.log(`[crawler] ${distinct.size} distinct pages over ${found.size} roles: ${[...found.values()].map((r) => `${r.role} ${r.pages.length}`).join(", ")}`);
    expect(distinct.size).toBeGreaterThanOrEqual(MIN_DISTINCT_PAGES);
  });
});
