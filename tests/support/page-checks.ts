/**
 * What the crawler checks on every page it opens, in Chromium: horizontal overflow, text that
 * leaked out of the code (message keys, NaN, undefined, null, [object Object], Invalid Date),
 * charts out of proportion to their numbers, and axe-core's serious and critical findings. Each check returns readable problems, empty when the page is fine.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { messageKeys } from "~/i18n/i18n";

export interface OverflowFinding {
  /** e.g. `fieldset.settings-form` inside `form#entry`. */
  element: string;
  container: string;
  /** How many CSS pixels stick out. */
  by: number;
}

/**
 * The document wider than the viewport, or an element wider than its container: any element
 * whose box reaches past its parent's, unless the parent scrolls or clips (a table in its own
 * scrolling wrapper is fine; the wrapper itself must fit). Visually hidden text (1 px boxes) and
 * the skip link parked off screen are not layout.
 */
export async function findOverflow(page: Page): Promise<{ documentWidth: number; viewportWidth: number; elements: OverflowFinding[] }> {
  return page.evaluate(() => {
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : "";
      const classes = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 30);
      return `${el.tagName.toLowerCase()}${id}${classes}${text ? ` "${text}"` : ""}`;
    };
    const clips = (el: Element) => {
      const overflowX = getComputedStyle(el).overflowX;
      return overflowX !== "visible";
    };
    const elements: { element: string; container: string; by: number }[] = [];
    const reported = new Set<Element>();
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const parent = el.parentElement;
      if (!parent || clips(parent)) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || style.position === "fixed") continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || box.right <= 0) continue;
      // Inside something that scrolls or clips, the clipping ancestor is what must fit.
      let clipped = false;
      for (let a: Element | null = parent.parentElement; a && a !== document.body; a = a.parentElement) {
        if (clips(a)) {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      const outer = parent.getBoundingClientRect();
      const by = Math.max(box.right - outer.right, outer.left - box.left);
      // Only the outermost culprit: its children overflow with it.
      if (by > 1 && ![...reported].some((r) => r.contains(el))) {
        reported.add(el);
        elements.push({ element: describe(el), container: describe(parent).slice(0, 60), by: Math.round(by) });
      }
    }
    return { documentWidth: document.documentElement.scrollWidth, viewportWidth: document.documentElement.clientWidth, elements };
  });
}

/**
 * Visible text set smaller than `minPx` (large type promises at least 18 px): one line per
 * element whose own text is smaller. Chart drawings (SVG) are pictures with their numbers also
 * in a table, and visually hidden text is not on screen; both are skipped.
 */
export async function textSmallerThan(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || seen.has(element) || !node.textContent?.trim() || element.closest("svg")) continue;
      seen.add(element);
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < min - 0.01) found.push(`${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.trim().split(/\s+/).join(".")}` : ""} "${node.textContent.trim().slice(0, 20)}" ${size}px`);
    }
    return found;
  }, minPx);
}

/** Namespaces of the dictionaries' keys (`nav`, `competition`, …): a dotted word under one of them on screen is a key nobody translated. */
const KEY_NAMESPACES = new Set(messageKeys().map((key) => key.split(".")[0]!));
const FILE_EXTENSIONS = /\.(?:pdf|docx?|xlsx?|png|jpe?g|zip|txt|csv)$/i;

/** Text a person must never see: placeholders of missing values and untranslated message keys. */
export function leakedText(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\bNaN\b|\bundefined\b|\bnull\b|\[object Object\]|\bInvalid Date\b/g)) found.add(match[0]);
  for (const match of text.matchAll(/\b[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+\b/g)) {
    const token = match[0];
    if (FILE_EXTENSIONS.test(token)) continue;
    if (KEY_NAMESPACES.has(token.split(".")[0]!)) found.add(token);
  }
  return [...found];
}

/**
 * Charts (`<BarChart>`: ECharts' SVG beside a table of its numbers) whose bars are not in
 * proportion to the numbers in the table: for each series (one bar colour, one table column),
 * each bar's length over the longest must equal its number over the largest, within 1 % of the
 * longest, in both drawings (wide and narrow). One line per chart that lies.
 */
export async function chartsOutOfProportion(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const firstNumber = (text: string) => Number(/-?\d+(?:\.\d+)?/.exec(text.replace(/,/g, ""))?.[0] ?? NaN);
    for (const figure of Array.from(document.querySelectorAll("figure.chart"))) {
      const title = figure.querySelector("figcaption")?.textContent?.trim() ?? "(untitled)";
      const rows = Array.from(figure.querySelectorAll("table tbody tr"));
      const columns = rows[0]?.querySelectorAll("td").length ?? 0;
      for (const drawing of Array.from(figure.querySelectorAll(".chart__drawing svg"))) {
        // Bars are the filled paths drawn with one of the series' colours, in category order per series.
        const colours = [...new Set(Array.from(drawing.querySelectorAll("path[fill]")).map((p) => p.getAttribute("fill")!).filter((f) => /^#[0-9a-f]{6}$/i.test(f) && f.toLowerCase() !== "#ffffff"))];
        for (let series = 0; series < columns; series++) {
          const values = rows.map((row) => firstNumber(row.querySelectorAll("td")[series]?.textContent ?? ""));
          // ECharts draws each bar as "M x y l length 0 …", a zero as a bar of length 0.
          const bars = Array.from(drawing.querySelectorAll(`path[fill="${colours[series]}"]`)).map((p) => Number(/^M[\d.]+ [\d.]+l([\d.]+) /.exec(p.getAttribute("d") ?? "")?.[1] ?? NaN));
          if (values.some((v) => Number.isNaN(v))) {
            problems.push(`"${title}": a number in its table is not a number`);
            continue;
          }
          if (bars.length !== values.length || bars.some((b) => Number.isNaN(b))) {
            problems.push(`"${title}": ${bars.length} bars for ${values.length} numbers`);
            continue;
          }
          const largest = Math.max(...values);
          const longest = Math.max(...bars);
          if (largest <= 0) continue;
          const wrong = values.findIndex((v, i) => Math.abs(bars[i]! / longest - v / largest) > 0.01);
          if (wrong >= 0) problems.push(`"${title}": ${values[wrong]} of ${largest} drawn ${bars[wrong]!.toFixed(1)} of ${longest.toFixed(1)} long`);
        }
      }
    }
    return problems;
  });
}

/** The visible text of the page as a person reads it. */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/**
 * axe-core's serious and critical violations, one line each. Legacy mode runs axe in the page
 * itself (same-origin frames included) instead of opening a blank page per run to merge results,
 * which halves the time per page.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode().analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}${v.nodes.length > 3 ? ` …and ${v.nodes.length - 3} more` : ""}`);
}

/** Text of server-rendered HTML as a reader would see it (scripts, styles and tags removed). */
export function textOfHtml(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'");
}
