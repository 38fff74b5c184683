/**
 * Which pages each role reaches: the page list the browser crawler (tests/e2e/crawler-browser.test.ts)
 * checks and the page benchmark loads. `sitePages(baseUrl, cookies)` reads the server-rendered
 * HTML over HTTP (no browser) with each role's signed-in cookie and follows its links from the
 * role's home page, breadth first, plus the pages behind forms that no link reaches.
 *
 * Lists are sampled, not exhaustive: 134 organizations × 6 tabs would be 800 pages of one
 * template. Addresses are grouped by pattern (ids, credit codes and numbers replaced, query
 * parameter names kept). A pattern takes at most `perSource` pages from each kind of page that
 * links to it and `perPattern` in all, so the samples differ where it matters: an organization
 * reached from the credit list is a listed one, from the exits list one that is leaving, from
 * the register an ordinary one. A pattern an earlier role already sampled (the public directory,
 * seen again by every signed-in role) is visited once more, for the role's own header and
 * navigation. A role stops at `budget` pages.
 *
 * The walk goes level by level and takes each level's links in page order, so the same data
 * gives the same list however the requests interleave: the crawler and the benchmark see
 * exactly the same pages.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../scripts/seed/demo";
import { DEMO_APPLICANT } from "../../scripts/seed/registration";
import { signInOverHttp } from "../../scripts/lib/sign-in";

/** One `Cookie` header per role, keyed by the role's name (`public`, `regulator`, `org` …); "" for the public. */
export type RoleCookies = Record<string, string>;

export interface SitePage {
  /** Path and query, e.g. `/regulator/organizations?type=foundation`. */
  path: string;
  /** The pattern the page was sampled under, e.g. `/regulator/organizations/:id/party`. */
  pattern: string;
  status: number;
  /** The page whose link led here (null for the home page and the pages behind forms). */
  from: string | null;
}

export interface RoleSite {
  role: string;
  cookie: string;
  /** HTML pages, in the order found. */
  pages: SitePage[];
  /** Links that answered with something other than an HTML page (PDF documents …), with their status. */
  other: { path: string; from: string | null; status: number; contentType: string }[];
}

export interface SitePagesOptions {
  /** At most this many pages per role. */
  budget?: number;
  /** At most this many pages per address pattern… */
  perPattern?: number;
  /** …and this many of them linked from pages of one pattern. */
  perSource?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Pages behind forms, by role name; the demo's by default. */
  formPages?: Record<string, string[]>;
}

/** The crawler's sampling; the defaults of every function here, so a caller without options gets the crawler's list. */
export const CRAWL_SAMPLING = { budget: 115, perPattern: 4, perSource: 2, concurrency: 4 } as const;

/** Pages behind forms in the demo, which no link reaches: searches and filters, "new" forms, sign-in notices, an unknown address. */
export const DEMO_FORM_PAGES: Record<string, string[]> = {
  public: [
    "/directory?q=协会&type=socialGroup&district=640104",
    "/directory?status=deregistered",
    "/directory?q=zzzz-nothing-matches",
    "/credit?list=serious",
    "/verify/ZZZZ-NO-SUCH-CODE",
    "/login?expired=1",
    "/no-such-page",
  ],
  regulator: [
    "/regulator/organizations?q=社区&type=socialServiceAgency&district=640106&status=registered&sort=registeredCapital&order=desc",
    "/regulator/organizations?partyForm=joint&instructor=none",
    "/regulator/organizations?q=zzzz-nothing-matches",
    "/regulator/instructors?q=王",
    "/regulator/registrations?state=review",
    "/regulator/organizations/import",
    "/regulator/instructors/new",
  ],
  applicant: ["/applications/new"],
};

/**
 * Links never followed: signing out, POST-only addresses, uploaded files and exports (not pages,
 * and large), the JSON API, build assets.
 */
const SKIPPED = [/^\/logout\b/, /^\/set-locale\b/, /^\/set-text-size\b/, /^\/files\//, /^\/api\//, /\/export(?:$|\?)/, /^\/build\//, /\.(?:svg|ico|png|css|js|pdf|xlsx)$/];

/** `/regulator/organizations/65f…/party?page=2` → `/regulator/organizations/:id/party?page`. */
export function pagePattern(path: string): string {
  const url = new URL(path, "http://x");
  const segments = url.pathname.split("/").map((segment) => {
    const s = decodeURIComponent(segment);
    if (/^[0-9a-f]{24}$/i.test(s)) return ":id";
    if (/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(s)) return ":uscc";
    if (/^\d+$/.test(s)) return ":n";
    return s;
  });
  const keys = [...new Set(url.searchParams.keys())].sort();
  return segments.join("/") + (keys.length ? `?${keys.join("&")}` : "");
}

/** The `href`s of the anchors in an HTML page, entities decoded. */
export function linksIn(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/gi)) {
    links.push(match[1]!.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  }
  return links;
}

/** A same-site link as path + query (no fragment), or null when it is not to be followed. */
export function followable(href: string, baseUrl: string, from: string): string | null {
  if (!href || href.startsWith("#") || /^(?:mailto|tel|javascript):/i.test(href)) return null;
  const url = new URL(href, new URL(from, baseUrl));
  if (url.origin !== new URL(baseUrl).origin) return null;
  const path = url.pathname + url.search;
  return SKIPPED.some((pattern) => pattern.test(url.pathname) || pattern.test(path)) ? null : path;
}

/** One demo account per role (the first of each, and the applicant), signed in, after the public: `{ public: "", admin: "__session=…", … }`. */
export async function signInDemoRoles(baseUrl: string, password: string = DEMO_PASSWORD): Promise<RoleCookies> {
  const cookies: RoleCookies = { public: "" };
  for (const account of [...DEMO_ACCOUNTS, { ...DEMO_APPLICANT, role: "applicant" as const }]) {
    if (account.role in cookies) continue;
    cookies[account.role] = await signInOverHttp(baseUrl, account.username, password);
  }
  return cookies;
}

/** Where a role starts: `/` for the public; for a signed-in cookie, where the sign-in page sends it (its home, the workbench). */
async function homeOf(baseUrl: string, cookie: string): Promise<string> {
  if (!cookie) return "/";
  const response = await fetch(`${baseUrl}/login`, { headers: { Cookie: cookie }, redirect: "manual" });
  await response.body?.cancel();
  const location = response.headers.get("Location");
  if (response.status < 300 || response.status >= 400 || !location) throw new Error(`The cookie is not signed in: /login answered HTTP ${response.status}`);
  return new URL(location, baseUrl).pathname;
}

/** Runs `work` over `items` with at most `limit` at once; results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Fetched = { kind: "page"; status: number; links: string[] } | { kind: "redirect"; to: string | null } | { kind: "other"; status: number; contentType: string };

/** One role's walk; `covered`: the patterns earlier roles sampled, visited once here. */
async function walk(baseUrl: string, role: string, cookie: string, options: SitePagesOptions, covered: ReadonlySet<string>): Promise<RoleSite> {
  const { budget, perPattern, perSource, concurrency } = { ...CRAWL_SAMPLING, ...options };
  const formPages = (options.formPages ?? DEMO_FORM_PAGES)[role] ?? [];
  const seen = new Set<string>();
  const patternCount = new Map<string, number>();
  const sourceCount = new Map<string, number>();
  const site: RoleSite = { role, cookie, pages: [], other: [] };

  let level: { path: string; from: string | null }[] = [];
  const enqueue = (path: string, from: string | null, forced = false) => {
    if (seen.has(path)) return;
    const pattern = pagePattern(path);
    const sourceKey = `${pattern} ← ${from === null ? "" : pagePattern(from)}`;
    const count = patternCount.get(pattern) ?? 0;
    const fromSource = sourceCount.get(sourceKey) ?? 0;
    if (!forced && (count >= (covered.has(pattern) ? 1 : perPattern) || fromSource >= perSource)) return;
    seen.add(path);
    patternCount.set(pattern, count + 1);
    sourceCount.set(sourceKey, fromSource + 1);
    level.push({ path, from });
  };
  enqueue(await homeOf(baseUrl, cookie), null, true);
  for (const path of formPages) enqueue(path, null, true);

  const fetchOne = async (path: string): Promise<Fetched> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    const location = response.headers.get("Location");
    const contentType = response.headers.get("Content-Type") ?? "";
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      return { kind: "redirect", to: followable(location, baseUrl, path) };
    }
    if (!contentType.startsWith("text/html")) {
      await response.body?.cancel();
      return { kind: "other", status: response.status, contentType };
    }
    return { kind: "page", status: response.status, links: linksIn(await response.text()).flatMap((href) => followable(href, baseUrl, path) ?? []) };
  };

  while (level.length > 0 && site.pages.length < budget) {
    const current = level;
    level = [];
    const fetched = await inParallel(current, concurrency, ({ path }) => fetchOne(path));
    for (const [i, result] of fetched.entries()) {
      const { path, from } = current[i]!;
      if (result.kind === "redirect") {
        if (result.to) enqueue(result.to, from);
      } else if (result.kind === "other") {
        site.other.push({ path, from, status: result.status, contentType: result.contentType });
      } else if (site.pages.length < budget) {
        site.pages.push({ path, pattern: pagePattern(path), status: result.status, from });
        for (const link of result.links) enqueue(link, path);
      }
    }
  }
  return site;
}

/**
 * Every role's pages with where each was found (the crawler's input), roles in the order of
 * `cookies`, one role after another.
 */
export async function discoverSite(baseUrl: string, cookies: RoleCookies, options: SitePagesOptions = {}): Promise<RoleSite[]> {
  const sites: RoleSite[] = [];
  const covered = new Set<string>();
  for (const [role, cookie] of Object.entries(cookies)) {
    const site = await walk(baseUrl, role, cookie, options, covered);
    for (const page of site.pages) covered.add(page.pattern);
    sites.push(site);
  }
  return sites;
}

/**
 * The crawler's list of pages: for each role in `cookies` (a `Cookie` header per role name, ""
 * for the public, e.g. from `signInDemoRoles`), the paths (path + query, relative to `baseUrl`)
 * of the HTML pages it reaches, in the order found. With the default options this is exactly
 * the list the crawler checks.
 */
export async function sitePages(baseUrl: string, cookies: RoleCookies, options: SitePagesOptions = {}): Promise<Record<string, string[]>> {
  const sites = await discoverSite(baseUrl, cookies, options);
  return Object.fromEntries(sites.map((site) => [site.role, site.pages.map((page) => page.path)]));
}
