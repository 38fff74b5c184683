/**
 * Which pages each role reaches: signs in over HTTP (no browser) and follows the links of the
 * server-rendered HTML from the role's home page, breadth first. The browser crawler
 * (tests/e2e/crawler-browser.test.ts) checks every page found here; a page benchmark can import
 * the same list to load exactly the pages people reach.
 *
 * Lists are sampled, not exhaustive: 134 organizations × 6 tabs would be 800 pages of one
 * template. Addresses are grouped by pattern (ids, credit codes and numbers replaced, query
 * parameter names kept). A pattern takes at most `perSource` pages from each kind of page that
 * links to it and `perPattern` in all, so the samples differ where it matters: an organization
 * reached from the credit list is a listed one, from the exits list one that is leaving, from
 * the register an ordinary one. A pattern an earlier role already sampled (the public directory,
 * seen again by every signed-in role) is visited once more, for the role's own header and
 * navigation. A role stops at `budget` pages.
 */

export interface DiscoveryRole {
  /** A label for reports: the username, or "public". */
  name: string;
  /** null for the public (no sign-in). */
  username: string | null;
  /** Where the crawl starts; by default the page sign-in leads to (the role's home), or `/` for the public. */
  home?: string;
  /** Pages behind forms, which no link reaches (search results, "new" forms, filtered lists). */
  extra?: string[];
}

export interface DiscoveredPage {
  /** Path and query, e.g. `/regulator/organizations?type=foundation`. */
  path: string;
  /** The pattern the page was sampled under, e.g. `/regulator/organizations/:id/party`. */
  pattern: string;
  status: number;
  /** The page whose link led here (null for the home page and the extra list). */
  from: string | null;
}

export interface RolePages {
  role: DiscoveryRole;
  /** HTML pages, in the order found. */
  pages: DiscoveredPage[];
  /** The signed-in cookie the pages were read with (empty for the public). */
  cookie: string;
  /** Links that answered with something other than an HTML page (downloads, exports), with their status. */
  other: { path: string; status: number; contentType: string }[];
}

export interface DiscoveryOptions {
  baseUrl: string;
  password: string;
  /** At most this many pages per role. */
  budget?: number;
  /** At most this many pages per address pattern… */
  perPattern?: number;
  /** …and this many of them linked from pages of one pattern. */
  perSource?: number;
  /** Requests in flight at once per role. */
  concurrency?: number;
  /** Cookies sent with every request besides the session (e.g. `lang=en`). */
  extraCookie?: string;
}

/**
 * Links never followed: signing out, state-changing POST-only addresses, file downloads and
 * exports (not pages, and large), and the JSON API (not pages).
 */
const SKIPPED = [/^\/logout\b/, /^\/set-locale\b/, /^\/files\//, /^\/api\//, /\/export(?:$|\?)/, /^\/build\//, /\.(?:svg|ico|png|css|js|pdf|xlsx)$/];

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

/** Signs in with the login form, as a browser would; returns the session cookie and where sign-in leads (the role's home). */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<{ cookie: string; home: string }> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ username, password, redirectTo: "" }),
    redirect: "manual",
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
  const location = response.headers.get("Location");
  if (response.status !== 302 || !cookie || !location) throw new Error(`Sign-in as ${username} failed: HTTP ${response.status}`);
  return { cookie, home: new URL(location, baseUrl).pathname };
}

/**
 * Breadth-first over one role's links; see the module comment for the sampling. `covered`: the
 * patterns earlier roles sampled, visited once here.
 */
export async function discoverPages(role: DiscoveryRole, options: DiscoveryOptions, covered: ReadonlySet<string> = new Set()): Promise<RolePages> {
  const budget = options.budget ?? 60;
  const perPattern = options.perPattern ?? 6;
  const perSource = options.perSource ?? 2;
  const concurrency = options.concurrency ?? 4;
  const session = role.username ? await signInOverHttp(options.baseUrl, role.username, options.password) : null;
  const cookie = [session?.cookie, options.extraCookie].filter(Boolean).join("; ");
  const home = role.home ?? session?.home ?? "/";

  const seen = new Set<string>();
  const perPatternCount = new Map<string, number>();
  const perSourceCount = new Map<string, number>();
  const queue: { path: string; from: string | null }[] = [];
  const pages: DiscoveredPage[] = [];
  const other: RolePages["other"] = [];

  const enqueue = (path: string, from: string | null, forced = false) => {
    if (seen.has(path)) return;
    const pattern = pagePattern(path);
    const sourceKey = `${pattern} ← ${from === null ? "" : pagePattern(from)}`;
    const count = perPatternCount.get(pattern) ?? 0;
    const fromSource = perSourceCount.get(sourceKey) ?? 0;
    if (!forced && (count >= (covered.has(pattern) ? 1 : perPattern) || fromSource >= perSource)) return;
    seen.add(path);
    perPatternCount.set(pattern, count + 1);
    perSourceCount.set(sourceKey, fromSource + 1);
    queue.push({ path, from });
  };
  enqueue(home, null, true);
  for (const path of role.extra ?? []) enqueue(path, null, true);

  const visit = async ({ path, from }: { path: string; from: string | null }) => {
    const response = await fetch(`${options.baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = followable(location, options.baseUrl, path);
      if (next) enqueue(next, from);
      return;
    }
    const contentType = response.headers.get("Content-Type") ?? "";
    if (!contentType.startsWith("text/html")) {
      await response.body?.cancel();
      other.push({ path, status: response.status, contentType });
      return;
    }
    const html = await response.text();
    pages.push({ path, pattern: pagePattern(path), status: response.status, from });
    for (const href of linksIn(html)) {
      const next = followable(href, options.baseUrl, path);
      if (next) enqueue(next, path);
    }
  };

  // A small worker pool over a queue that grows as pages are read.
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) return resolve();
      while (active < concurrency && queue.length > 0 && pages.length + active < budget) {
        const next = queue.shift()!;
        active++;
        visit(next).then(
          () => {
            active--;
            pump();
          },
          reject,
        );
      }
      if (active === 0 && (queue.length === 0 || pages.length >= budget)) resolve();
    };
    pump();
  });
  return { role, pages, cookie, other };
}

/** Every role's pages, one role after another (each role's own requests run in parallel). */
export async function discoverAllPages(roles: DiscoveryRole[], options: DiscoveryOptions): Promise<RolePages[]> {
  const results: RolePages[] = [];
  const covered = new Set<string>();
  for (const role of roles) {
    const found = await discoverPages(role, options, covered);
    for (const page of found.pages) covered.add(page.pattern);
    results.push(found);
  }
  return results;
}
