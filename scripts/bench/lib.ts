/**
 * Shared benchmark harness: the real server on its own embedded database, loaded over
 * loopback with autocannon, each figure printed beside a trivial page measured in the same run.
 * Figures measured on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { User } from "../../models/user";
import { hashPassword } from "../../app/auth/password.server";
import { installRegistries } from "../../app/registries.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../../app/db.server";
import { freePort, startAppProcess, type AppProcess } from "../lib/app-process";
import { projectRoot } from "../lib/embedded-db";
import { resolveDatabase } from "../lib/database";
import { DEMO_PASSWORD } from "../seed/demo";

// Production mode refuses to start without its secrets, so a benchmark makes fresh ones. The
// personal-data keys go into this process's environment, before anything is sealed: benchmarks
// seed the database from here, and the app they start (which inherits the environment) must read
// what was sealed.
process.env.PERSONAL_DATA_KEYS ??= `bench:${randomBytes(32).toString("base64")}`;
process.env.PERSONAL_DATA_INDEX_KEY ??= randomBytes(32).toString("base64");
const PRODUCTION_PASSWORD = `Bench-${randomBytes(6).toString("hex")}-2026!`;
/** One set for every production start of this run, so a cookie signed by one app reads in another (the earlier version). */
export const PRODUCTION_SESSION_SECRETS = randomBytes(32).toString("hex");

export interface BenchServer {
  baseUrl: string;
  /**
   * The password every seeded account signs in with: the demo's, except in production mode, where
   * the policy sends the published demo password to the change-password page (every signed-in
   * page measured would be that page), so the accounts get a password the policy accepts.
   */
  password: string;
  mongoUri: string;
  app: AppProcess;
  stop(): Promise<void>;
}

/**
 * Builds the app (a stale build would measure old code), starts a database and the app; `prepare`
 * runs first, connected, to load data. `env` adds to the app's environment (e.g. NODE_ENV=production
 * to measure React's production build, which gets fresh session secrets here).
 */
export async function startBenchServer(
  options: { prepare?: () => Promise<void>; seedDemo?: boolean; env?: Record<string, string>; nodeArgs?: string[]; build?: boolean } = {},
): Promise<BenchServer> {
  if (options.build !== false) buildApp();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-bench-"));
  const database = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: `bench_${Date.now()}` });
  installRegistries();
  await connectDatabase(database.uri);
  await ensureIndexes();
  if (options.prepare) await options.prepare();
  const production = options.env?.NODE_ENV === "production";
  if (production) await User.updateMany({}, { $set: { passwordHash: await hashPassword(PRODUCTION_PASSWORD), passwordChangedAt: new Date(), mustChangePassword: false } });
  const port = await freePort();
  const app = await startAppProcess({
    port,
    env: {
      MONGODB_URI: database.uri,
      SEED_DEMO: options.seedDemo === false ? "never" : "auto",
      ...(production ? { SESSION_SECRETS: PRODUCTION_SESSION_SECRETS } : {}),
      ...options.env,
    },
    nodeArgs: options.nodeArgs,
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    password: production ? PRODUCTION_PASSWORD : DEMO_PASSWORD,
    mongoUri: database.uri,
    app,
    async stop() {
      await app.stop();
      await disconnectDatabase();
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run build` itself (the Remix build and the compiled server start), so the two never differ. */
export function buildApp(): void {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "ignore" });
}

/** `remix build` in `directory` (the app, or a fixture app beside it). */
export function remixBuild(directory: string): void {
  execFileSync(process.execPath, [path.join(projectRoot, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], { cwd: directory, stdio: "ignore" });
}

export interface LoadResult {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(
  label: string,
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 32,
    duration: options.seconds ?? 8,
    headers: options.headers,
  });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Prints rows with requests/s, p50/p99 (ms), the p99/p50 spread and the ratio to the baseline row. */
export function printLoadTable(baseline: LoadResult, rows: LoadResult[]): void {
  console.log("\n| page | req/s | ratio to trivial | p50 ms | p99 ms | p99/p50 | errors | non-2xx |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of [baseline, ...rows]) {
    console.log(
      `| ${r.label} | ${r.rps.toFixed(0)} | ${(r.rps / baseline.rps).toFixed(2)} | ${r.p50} | ${r.p99} | ${(r.p99 / Math.max(1, r.p50)).toFixed(1)} | ${r.errors} | ${r.non2xx} |`,
    );
  }
}

export async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}
