/**
 * Every page `npm run bench:pages` measures: exactly the browser tests' site crawl (each role's
 * pages from its workbench, the public pages; tests/support/site-pages.ts), plus the open-data
 * API, which the crawl does not follow. Downloads (Excel exports, PDFs, attachments) and the
 * UploadThing endpoint are left out: they are not pages and have their own benchmarks
 * (`bench:register`, `bench:documents`, `bench:upload`).
 */
import { signInDemoRoles, sitePages } from "../../tests/support/site-pages";

/** `as`: the role whose session requests carry (null: signed out), with its cookie. */
export interface BenchPage {
  label: string;
  path: string;
  as: string | null;
  cookie?: string;
}

export async function benchPages(baseUrl: string, password: string): Promise<BenchPage[]> {
  const cookies = await signInDemoRoles(baseUrl, password);
  const byRole = await sitePages(baseUrl, cookies);
  const pages: BenchPage[] = [];
  for (const [role, paths] of Object.entries(byRole)) {
    for (const path of paths) pages.push({ label: path.replace(/[0-9a-f]{24}|[0-9A-Z]{18}/g, ":id"), path, as: role === "public" ? null : role, cookie: cookies[role] || undefined });
  }
  // The open data, with ids the public crawl found.
  const publicPaths = byRole.public ?? [];
  const uscc = publicPaths.map((path) => /^\/directory\/([0-9A-Z]{18})$/.exec(path)?.[1]).find(Boolean);
  const competition = publicPaths.map((path) => /^\/competitions\/([0-9a-f]{24})$/.exec(path)?.[1]).find(Boolean);
  const api = ["/api/v1/organizations", "/api/v1/credit-lists?list=abnormal", uscc && `/api/v1/organizations/${uscc}`, competition && `/api/v1/competitions/${competition}/results`];
  for (const path of api) if (path) pages.push({ label: `API ${path.split("?")[0]!.split("/")[3]}`, path, as: null });
  return pages;
}
