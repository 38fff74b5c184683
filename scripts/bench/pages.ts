/**
 * Every page under load (`npm run bench:pages`), measured against the framework's own ceiling:
 * a bare Remix 2 app with one trivial route (bench/fixtures/bare-remix, same Remix version, on
 * Express) runs beside the platform in the same run and is measured at the start and the end of
 * each scale. The platform runs in production mode (`remix build`, NODE_ENV=production) on
 * 1. the demo data, 2. the demo data plus BENCH_ORGANIZATIONS (10,000) organizations with their
 * annual reports (an annual-inspection campaign opened over all of them) and a competition of
 * BENCH_ENTRIES (300) entries in judging. Each page of `benchPages()` gets BENCH_SECONDS (5) of
 * load at BENCH_CONNECTIONS (32); the table is sorted slowest first, with the app's RSS (the
 * largest sampled under load). BENCH_SCALES=demo or =large runs one scale; BENCH_ONLY=<regex>
 * measures only matching paths; BENCH_CPU_PROF=<dir> writes the app's CPU profile there (node
 * --cpu-prof, on its exit); BENCH_BUILD=0 uses the builds already there; BENCH_COMPARE_ROOT=<dir>
 * (a checkout of an earlier commit, built, with node_modules) runs that version too, on the same
 * database, and measures every page on both, one after the other (a before/after in one run). Issue 15's targets, ratios to the bare page: public pages ≥ 0.5
 * (≥ 0.4 at 10,000), signed-in pages ≥ 0.3 (≥ 0.2), the API ≥ 0.8, p99 ≤ 4 × p50, no errors.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { openCampaign, campaignJob } from "../../app/daily-gate/campaigns.server";
import { Organization } from "../../models/organization";
import { WorkflowCase } from "../../models/workflow-case";
import { judgedCompetition } from "../../tests/support/competition";
import { freePort } from "../lib/app-process";
import { projectRoot } from "../lib/embedded-db";
import { seedDemo } from "../seed/demo";
import { addOrganizations } from "./extra-organizations";
import { buildApp, load, PRODUCTION_SESSION_SECRETS, remixBuild, startBenchServer, time, type LoadResult } from "./lib";
import { benchPages, type BenchPage } from "./page-list";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const EXTRA_ORGANIZATIONS = Number(process.env.BENCH_ORGANIZATIONS ?? 10_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 300);
const SCALES = (process.env.BENCH_SCALES ?? "demo,large").split(",");
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const CPU_PROF = process.env.BENCH_CPU_PROF;
const COMPARE_ROOT = process.env.BENCH_COMPARE_ROOT;
const BARE_APP = path.join(projectRoot, "bench", "fixtures", "bare-remix");
const step = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);

function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function startBareApp(): Promise<{ baseUrl: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["server.js", String(port)], { cwd: BARE_APP, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`the bare Remix app exited (${code})`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/** The large scale: organizations, one annual report each (a campaign over all), a competition in judging. */
async function addLargeScale(): Promise<string> {
  const year = new Date().getUTCFullYear() - 2;
  const organizations = await time(() => addOrganizations(EXTRA_ORGANIZATIONS));
  const actor = { userId: null, name: "基准测试", role: "regulator" };
  const form = { year, mode: "annualReport" as const, sponsorDeadline: `${year + 1}-03-31`, registryDeadline: `${year + 1}-05-31` };
  const reports = await time(async () => {
    await openCampaign(form, actor);
    await campaignJob(year);
  });
  const competition = await time(() => judgedCompetition({ label: "基准", judges: 7, entries: ENTRIES, scored: false }));
  const [orgCount, reportCount] = await Promise.all([Organization.countDocuments({}), WorkflowCase.countDocuments({ kind: "annualReport", "data.year": year })]);
  return (
    `${orgCount} organizations (${EXTRA_ORGANIZATIONS} added in ${(organizations.ms / 1000).toFixed(1)} s), ` +
    `${reportCount} annual reports of ${year} (campaign opened in ${(reports.ms / 1000).toFixed(1)} s), ` +
    `a competition of ${competition.value.entryTitles.length} entries in judging (${(competition.ms / 1000).toFixed(1)} s)`
  );
}

interface Row extends LoadResult {
  page: BenchPage;
  status: number;
  rssMb: number;
  /** The same page on the BENCH_COMPARE_ROOT version, measured right before. */
  earlier?: LoadResult;
}

/** The earlier version's app on the same database (its own scripts/serve.ts, its own build). */
async function startEarlierApp(mongoUri: string, env: Record<string, string>): Promise<{ baseUrl: string; stop(): Promise<unknown> }> {
  const earlier = (await import(path.join(COMPARE_ROOT!, "scripts", "lib", "app-process.ts"))) as typeof import("../lib/app-process");
  const port = await freePort();
  const app = await earlier.startAppProcess({ port, env: { ...env, SESSION_SECRETS: PRODUCTION_SESSION_SECRETS, MONGODB_URI: mongoUri, SEED_DEMO: "never" } });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => app.stop() };
}

async function measureScale(scale: string, bareUrl: string, built: boolean): Promise<void> {
  let data = "demo data";
  const started = Date.now();
  const appEnv = { NODE_ENV: "production", SWEEP_INTERVAL_SECONDS: "0" };
  const server = await startBenchServer({
    seedDemo: false,
    build: !built,
    prepare: async () => {
      step(`${scale}: seeding the demo`);
      await seedDemo(() => {});
      if (scale === "large") {
        step(`${scale}: generating`);
        data = `demo data + ${await addLargeScale()}`;
      }
    },
    env: appEnv,
    nodeArgs: CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : [],
  });
  const earlier = COMPARE_ROOT ? await startEarlierApp(server.mongoUri, appEnv) : null;
  try {
    step(`${scale}: ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const pages = (await benchPages(server.baseUrl, server.password)).filter((page) => !ONLY || ONLY.test(page.path));
    step(`${scale}: ${pages.length} pages from the site crawl and the API`);
    const headersOf = (page: BenchPage) => (page.cookie ? { Cookie: page.cookie } : undefined);
    // Each page once (its copies built, its status known), then a second of load each so the JIT has settled.
    const statuses = new Map<BenchPage, number>();
    for (const page of pages) {
      const response = await fetch(`${server.baseUrl}${page.path}`, { headers: headersOf(page), redirect: "manual" });
      await response.arrayBuffer();
      statuses.set(page, response.status);
    }
    for (const page of pages) {
      await load("warm-up", `${server.baseUrl}${page.path}`, { seconds: 1, connections: CONNECTIONS, headers: headersOf(page) });
      if (earlier) await load("warm-up", `${earlier.baseUrl}${page.path}`, { seconds: 1, connections: CONNECTIONS, headers: headersOf(page) });
    }
    await load("warm-up", bareUrl, { seconds: 2, connections: CONNECTIONS });

    const bareBefore = await load("bare Remix trivial page (first)", bareUrl, { seconds: SECONDS, connections: CONNECTIONS });
    const rows: Row[] = [];
    for (const page of pages) {
      step(`${scale}: ${page.as ?? "public"} ${page.path}`);
      const before = earlier ? await load(page.label, `${earlier.baseUrl}${page.path}`, { seconds: SECONDS, connections: CONNECTIONS, headers: headersOf(page) }) : undefined;
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.app.child.pid))), 250);
      const result = await load(page.label, `${server.baseUrl}${page.path}`, { seconds: SECONDS, connections: CONNECTIONS, headers: headersOf(page) });
      clearInterval(sampler);
      rows.push({ ...result, page, status: statuses.get(page)!, rssMb: peak, earlier: before });
    }
    const bareAfter = await load("bare Remix trivial page (last)", bareUrl, { seconds: SECONDS, connections: CONNECTIONS });
    const bare = (bareBefore.rps + bareAfter.rps) / 2;

    console.log(`\n## ${scale}: ${data}`);
    console.log(`${CONNECTIONS} connections, ${SECONDS} s per page, NODE_ENV=production, ${new Date().toISOString()}; ratio = req/s ÷ the bare page's mean (${bare.toFixed(0)} req/s).`);
    const earlierHead = earlier ? " earlier req/s | earlier ratio | earlier p50 / p99 |" : "";
    console.log(`\n| page | as | req/s | ratio to bare | p50 ms | p99 ms | p99/p50 | errors + non-2xx | status | RSS MB |${earlierHead}`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|${earlier ? "---|---|---|" : ""}`);
    for (const b of [bareBefore, bareAfter]) console.log(`| ${b.label} | – | ${b.rps.toFixed(0)} | ${(b.rps / bare).toFixed(2)} | ${b.p50} | ${b.p99} | ${(b.p99 / Math.max(1, b.p50)).toFixed(1)} | ${b.errors + b.non2xx} | 200 | – |`);
    for (const r of rows.sort((a, b) => a.rps - b.rps)) {
      console.log(
        `| ${r.page.path} (${r.label}) | ${r.page.as ?? "public"} | ${r.rps.toFixed(0)} | ${(r.rps / bare).toFixed(2)} | ${r.p50} | ${r.p99} | ${(r.p99 / Math.max(1, r.p50)).toFixed(1)} | ${r.errors + r.non2xx} | ${r.status} | ${r.rssMb.toFixed(0)} |` +
          (r.earlier ? ` ${r.earlier.rps.toFixed(0)} | ${(r.earlier.rps / bare).toFixed(2)} | ${r.earlier.p50} / ${r.earlier.p99} |` : ""),
      );
    }
    console.log(`\nApp RSS at the end: ${rssMb(server.app.child.pid).toFixed(0)} MB; largest under load: ${Math.max(...rows.map((r) => r.rssMb)).toFixed(0)} MB.`);
  } finally {
    await earlier?.stop();
    await server.stop();
  }
}

async function main() {
  if (process.env.BENCH_BUILD !== "0") {
    step("building the app and the bare Remix app");
    buildApp();
    remixBuild(BARE_APP);
  }
  const bare = await startBareApp();
  try {
    for (const scale of SCALES) await measureScale(scale, `${bare.baseUrl}/`, true);
  } finally {
    bare.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
