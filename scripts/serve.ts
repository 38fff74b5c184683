/**
 * `npm start`: database (embedded unless MONGODB_URI; restarted if it dies) → connection →
 * indexes (not in production: `npm run db:indexes` there) → data migrations not yet run → demo
 * seed on an empty development database → the write-pause watch (backups) → the Remix build
 * behind Express. SIGINT (Ctrl-C), SIGTERM and SIGHUP stop everything in order, FerretDB
 * included: requests in flight get up to SHUTDOWN_GRACE_MS to finish (ADR 013).
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { runDataMigrations } from "../app/data-migrations.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { createHttpApp } from "../app/http/http-app.server";
import { watchWritePause, withWriteSlot, writesPaused } from "../app/maintenance/write-pause.server";
import { installRegistries } from "../app/registries.server";
import { runSweep } from "../app/sweep.server";
import { recoverPendingSteps } from "../app/workflow/engine.server";
import { resolveDatabase, type ResolvedDatabase } from "./lib/database";
import { projectRoot } from "./lib/embedded-db";
import { isDatabaseEmpty, seedDemo } from "./seed/demo";

const SHUTDOWN_GRACE_MS = 10_000;
/** After this the process exits whatever is still pending; the database's watchdog stops FerretDB. */
const SHUTDOWN_LIMIT_MS = 20_000;

const started = Date.now();
const log = (message: string) => console.log(`[serve] ${message}`);

let database: ResolvedDatabase | undefined;
let server: Server | undefined;
let stopWatch: (() => Promise<void>) | undefined;
let sweepTimer: NodeJS.Timeout | undefined;
let shuttingDown = false;

let shutdownAt = 0;

async function shutdown(code: number, why: string): Promise<never | void> {
  if (shuttingDown) {
    // npm forwards the signal a process-group kill already delivered: only a later one hurries.
    if (Date.now() - shutdownAt < 1_000) return;
    log(`${why} again: stopping now`);
    await database?.stop();
    process.exit(code);
  }
  shuttingDown = true;
  shutdownAt = Date.now();
  log(`${why}: stopping…`);
  setTimeout(() => process.exit(code || 1), SHUTDOWN_LIMIT_MS).unref();
  clearInterval(sweepTimer);
  if (server) {
    const open = server;
    const grace = setTimeout(() => open.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await new Promise<void>((resolve) => open.close(() => resolve()));
    clearTimeout(grace);
  }
  await stopWatch?.().catch(() => {});
  await disconnectDatabase().catch(() => {});
  await database?.stop();
  log("stopped");
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0, signal));

async function main() {
  const env = loadEnv();
  const production = env.NODE_ENV === "production";
  const buildPath = path.join(projectRoot, "build", "index.js");
  if (!existsSync(buildPath)) throw new Error("No server build found: run `npm run build` first (npm start does this).");

  installRegistries(); // this process sweeps and recovers cases itself, beside the server build
  database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, log });
  await connectDatabase(database.uri, { log });
  log(database.embedded ? `embedded database ready (FerretDB on ${new URL(database.uri).host})` : "connected to MONGODB_URI");
  if (!production) await ensureIndexes();
  await runDataMigrations(undefined, log);
  if (env.SEED_DEMO === "always" || (env.SEED_DEMO === "auto" && !production)) {
    if (await isDatabaseEmpty()) await seedDemo(log);
  }
  stopWatch = (await watchWritePause()).stop;
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createHttpApp(build, { trustProxy: env.TRUST_PROXY === "1", production, development: env.NODE_ENV === "development" });
  if (shuttingDown) return;
  server = app.listen(env.PORT, env.HOST, () => {
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
  });
  server.on("error", (error) => {
    console.error(error);
    void shutdown(1, "server error");
  });
  settleOwedSteps(env.WORKFLOW_EFFECT_TIMEOUT_SECONDS);
  if (env.SWEEP_INTERVAL_SECONDS > 0) {
    let sweeping = false;
    sweepTimer = setInterval(() => {
      if (sweeping || writesPaused()) return; // one at a time; none during a backup's pause
      sweeping = true;
      withWriteSlot(() => runSweep())
        .catch((error: unknown) => console.error("[sweep] failed:", error instanceof Error ? error.message : error))
        .finally(() => (sweeping = false));
    }, env.SWEEP_INTERVAL_SECONDS * 1000);
    sweepTimer.unref();
  }
}

/**
 * Settles what a crashed process left owed now, not at the first sweep (ADR 012). An effect
 * whose claim the dead process held waits until the claim runs out (WORKFLOW_EFFECT_TIMEOUT_SECONDS
 * after its last heartbeat): one more pass then, rather than at the next sweep minutes later.
 */
function settleOwedSteps(claimTimeoutSeconds: number | null): void {
  withWriteSlot(() => recoverPendingSteps())
    .then((r) => {
      if (r.cases) log(`workflow recovery: ${r.settled} cases settled, ${r.waiting} waiting, ${r.failed} failed`);
      if (r.waiting && claimTimeoutSeconds !== null) setTimeout(() => settleOwedSteps(null), (claimTimeoutSeconds + 1) * 1000).unref();
    })
    .catch((error: unknown) => console.error("[recovery] failed", error));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void shutdown(1, "start failed");
});
