/**
 * Memory soak (`npm run bench:soak`): the real server on the demo data, loaded with a mix of
 * public pages, signed-in pages (regulator, judge, organization) and the open-data API — many
 * distinct addresses (every organization, every page of the lists, hundreds of searches) — and
 * its resident memory (RSS) read from /proc after each block of requests, once the server has
 * idled a few seconds. Target: RSS after 50,000 requests within 1.3× RSS after 5,000 (ADR 013).
 *
 * The server's heap and buffer figures come from memory-report.mjs (preloaded, printed on
 * SIGUSR2). `SOAK_REQUESTS` (default 50000), `SOAK_CONNECTIONS` (8), `SOAK_NODE_ENV`
 * (production, or development as `npm start` runs by default); `SOAK_HEAP_SNAPSHOTS=1`
 * instead writes a heap snapshot of the server after the first block and at the end into
 * `.cache/soak/` (open them in Chrome's DevTools, Memory tab, "Comparison" view, to see what
 * grew). Taking a snapshot itself raises RSS by a few hundred MiB, so the ratio of such a run
 * means nothing.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { Organization } from "../../models/organization";
import { WorkflowCase } from "../../models/workflow-case";
import { JudgeAssignment } from "../../models/judge-assignment";
import { User } from "../../models/user";
import { projectRoot } from "../lib/embedded-db";
import { startBenchServer } from "./lib";
import { signInOverHttp } from "../lib/sign-in";

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 50_000);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const FIRST_BLOCK = 5_000;
const BLOCK = 5_000;
const TARGET_RATIO = 1.3;
const HEAP_SNAPSHOTS = process.env.SOAK_HEAP_SNAPSHOTS === "1";
/** production by default (what operators run); `SOAK_NODE_ENV=development` measures `npm start`'s default. */
const NODE_ENV = process.env.SOAK_NODE_ENV === "development" ? "development" : "production";
const snapshotDir = path.join(projectRoot, ".cache", "soak");

type Who = "public" | "regulator" | "judge" | "org";
interface Address {
  who: Who;
  path: string;
}

/** The server's own figures (heap, buffers), printed on SIGUSR2 by memory-report.mjs. */
async function memoryReport(app: { child: { pid?: number }; output(): string }): Promise<string> {
  const before = app.output().length;
  process.kill(app.child.pid!, "SIGUSR2");
  for (let i = 0; i < 50 && app.output().length === before; i++) await sleep(100);
  const line = /\[memory\] (\{.*\})/.exec(app.output().slice(before))?.[1];
  if (!line) return "";
  const m = JSON.parse(line) as Record<string, number>;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
  return `${mib(m.heapUsed!)} / ${mib(m.heapTotal!)} | ${mib(m.external!)} (${mib(m.arrayBuffers!)})`;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function addresses(): Promise<Address[]> {
  const organizations = await Organization.find({}, { _id: 1, uscc: 1, name: 1 }).lean();
  const cases = await WorkflowCase.find({}, { _id: 1, kind: 1, caseKey: 1 }).lean();
  const judge = (await User.findOne({ username: "judge" }, { _id: 1 }).lean())!;
  const assignments = await JudgeAssignment.find({ judgeId: judge._id, status: "active" }, { entryId: 1 }).lean();
  const competitions = cases.filter((c) => c.kind === "competition");
  const list: Address[] = [];
  const add = (who: Who, p: string) => list.push({ who, path: p });
  for (const p of ["/", "/about", "/directory", "/credit", "/api/v1/credit-lists?list=abnormal", "/api/v1/credit-lists?list=serious"]) add("public", p);
  for (let page = 1; page <= 7; page++) {
    add("public", `/directory?page=${page}`);
    add("public", `/api/v1/organizations?page=${page}&pageSize=20`);
    add("regulator", `/regulator/organizations?page=${page}`);
  }
  for (const organization of organizations) {
    add("public", `/directory/${organization.uscc}`);
    add("public", `/api/v1/organizations/${organization.uscc}`);
    add("regulator", `/regulator/organizations/${String(organization._id)}`);
  }
  // Hundreds of distinct searches: a cache keyed by the query would show here.
  for (let i = 0; i < 300; i++) {
    const name = organizations[i % organizations.length]!.name;
    const start = (i * 7) % Math.max(1, name.length - 2);
    add("public", `/directory?q=${encodeURIComponent(name.slice(start, start + 2 + (i % 3)))}`);
    add("public", `/api/v1/organizations?q=${encodeURIComponent(name.slice(start, start + 2))}&page=${1 + (i % 3)}`);
  }
  for (const competition of competitions) {
    add("regulator", `/regulator/competitions/${String(competition._id)}`);
    if (competition.caseKey !== "competition:2022") continue; // the other one is still taking entries
    add("public", `/competitions/${String(competition._id)}`);
    add("public", `/api/v1/competitions/${String(competition._id)}/results`);
  }
  for (const c of cases.filter((c) => c.kind === "registration").slice(0, 20)) add("regulator", `/registrations/${String(c._id)}`);
  for (const c of cases.filter((c) => c.kind === "annualReport").slice(0, 40)) add("regulator", `/annual-reports/${String(c._id)}`);
  for (const p of ["/regulator", "/regulator/registrations", "/regulator/campaigns", "/regulator/campaigns/2025", "/regulator/credit-lists", "/regulator/coverage", "/regulator/instructors", "/regulator/exits", "/regulator/competitions"]) {
    add("regulator", p);
  }
  add("judge", "/judge");
  for (const a of assignments.slice(0, 30)) add("judge", `/judge/entries/${String(a.entryId)}`);
  for (const p of ["/org", "/org/annual-reports", "/org/competitions"]) add("org", p);
  return list;
}

async function main() {
  let list: Address[] = [];
  const server = await startBenchServer({
    prepare: async () => {
      const { seedDemo } = await import("../seed/demo");
      await seedDemo(() => {});
      list = await addresses();
    },
    seedDemo: false,
    env: {
      NODE_ENV,
      NODE_OPTIONS: HEAP_SNAPSHOTS ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}` : `--import=${path.join(projectRoot, "scripts", "bench", "memory-report.mjs")}`,
    },
  });
  try {
    const pid = server.app.child.pid!;
    const cookies: Record<Who, string> = {
      public: "",
      regulator: await signInOverHttp(server.baseUrl, "regulator", server.password),
      judge: await signInOverHttp(server.baseUrl, "judge", server.password),
      org: await signInOverHttp(server.baseUrl, "org", server.password),
    };
    // Every address must answer 200 with a page or JSON, or the soak measures error pages.
    const failing: string[] = [];
    for (const address of list) {
      const response = await fetch(`${server.baseUrl}${address.path}`, { headers: cookies[address.who] ? { Cookie: cookies[address.who] } : {}, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) failing.push(`${address.who} ${address.path}: ${response.status}`);
    }
    if (failing.length > 0) throw new Error(`Addresses that do not answer 200:\n${failing.join("\n")}`);
    // Interleave the roles so each block sees the same mix.
    const shuffled = [...list].sort((a, b) => (a.path.length * 31 + a.path.charCodeAt(a.path.length - 1)) % 97 - (b.path.length * 31 + b.path.charCodeAt(b.path.length - 1)) % 97);
    const requests = shuffled.map((a) => ({ method: "GET" as const, path: a.path, headers: a.who === "public" ? {} : { Cookie: cookies[a.who] } }));
    const counts = list.reduce<Record<string, number>>((n, a) => ({ ...n, [a.who]: (n[a.who] ?? 0) + 1 }), {});
    console.log(`Memory soak (NODE_ENV=${NODE_ENV}), ${CONNECTIONS} connections, ${list.length} distinct addresses (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}); server ${server.baseUrl}, pid ${pid}`);
    console.log(`RSS after start and the check of every address: ${rssMiB(pid).toFixed(0)} MiB`);
    if (HEAP_SNAPSHOTS) mkdirSync(snapshotDir, { recursive: true });

    console.log("\n| requests | RSS MiB | ratio to 5,000 | heap used / total MiB | external (array buffers) MiB | req/s | statuses | errors |");
    console.log("|---|---|---|---|---|---|---|---|");
    let done = 0;
    let base = 0;
    let last = 0;
    while (done < TOTAL) {
      const amount = done === 0 ? FIRST_BLOCK : Math.min(BLOCK, TOTAL - done);
      const result = await autocannon({ url: server.baseUrl, connections: CONNECTIONS, amount, requests });
      done += amount;
      await sleep(5_000); // let the server idle (timers, a garbage collection) before reading its memory
      last = rssMiB(pid);
      if (done === FIRST_BLOCK) base = last;
      const statuses = Object.entries(result.statusCodeStats ?? {})
        .map(([code, { count }]) => `${code}: ${count ?? 0}`)
        .join(", ");
      const heap = HEAP_SNAPSHOTS ? " | " : await memoryReport(server.app);
      console.log(`| ${done} | ${last.toFixed(0)} | ${(last / base).toFixed(2)} | ${heap} | ${result.requests.average.toFixed(0)} | ${statuses} | ${result.errors} |`);
      if (HEAP_SNAPSHOTS && (done === FIRST_BLOCK || done >= TOTAL)) {
        process.kill(pid, "SIGUSR2");
        await sleep(15_000);
      }
    }
    // The server's own account of the database (ADR 013): every outage it saw, with its reason.
    const outages = server.app.output().split("\n").filter((line) => line.includes("database unreachable"));
    console.log(`\nThe server saw the database unreachable ${outages.length} times${outages.length ? `:\n${[...new Set(outages)].slice(0, 10).join("\n")}` : "."}`);
    const ratio = last / base;
    console.log(`\nRSS after ${FIRST_BLOCK}: ${base.toFixed(0)} MiB; after ${done}: ${last.toFixed(0)} MiB; ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) — ${ratio <= TARGET_RATIO ? "met" : "NOT met"}`);
    if (HEAP_SNAPSHOTS) console.log(`Heap snapshots: ${readdirSync(snapshotDir).join(", ")} in ${snapshotDir}`);
    if (ratio > TARGET_RATIO) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
