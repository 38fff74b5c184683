/**
 * `npm start`: database (embedded unless MONGODB_URI) → connection → indexes (not in
 * production: `npm run db:indexes` there) → data migrations not yet run → demo seed on an empty development database →
 * the Remix build behind Express. Ctrl-C / SIGTERM close everything, FerretDB included.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { runDataMigrations } from "../app/data-migrations.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { createHttpApp } from "../app/http/http-app.server";
import { runSweep } from "../app/sweep.server";
import { recoverPendingSteps } from "../app/workflow/engine.server";
import { resolveDatabase } from "./lib/database";
import { projectRoot } from "./lib/embedded-db";
import { isDatabaseEmpty, seedDemo } from "./seed/demo";

const started = Date.now();
const log = (message: string) => console.log(`[serve] ${message}`);

async function main() {
  const env = loadEnv();
  const production = env.NODE_ENV === "production";
  const buildPath = path.join(projectRoot, "build", "index.js");
  if (!existsSync(buildPath)) throw new Error("No server build found: run `npm run build` first (npm start does this).");

  const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, log });
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log("stopping…");
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await disconnectDatabase().catch(() => {});
    await database.stop();
    process.exit(code);
  };
  let server: import("node:http").Server | undefined;
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));

  try {
    await connectDatabase(database.uri);
    log(database.embedded ? `embedded database ready (FerretDB on ${new URL(database.uri).host})` : "connected to MONGODB_URI");
    if (!production) await ensureIndexes();
    await runDataMigrations(undefined, log);
    if (env.SEED_DEMO === "always" || (env.SEED_DEMO === "auto" && !production)) {
      if (await isDatabaseEmpty()) await seedDemo(log);
    }
    const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    const app = createHttpApp(build, { trustProxy: env.TRUST_PROXY === "1", production, development: env.NODE_ENV === "development" });
    server = app.listen(env.PORT, env.HOST, () => {
      log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://localhost:${env.PORT}`);
    });
    // Settle what a crashed process left owed now, not at the first sweep (ADR 012).
    recoverPendingSteps()
      .then((r) => r.cases && log(`workflow recovery: ${r.settled} cases settled, ${r.waiting} waiting, ${r.failed} failed`))
      .catch((error: unknown) => console.error("[recovery] failed", error));
    if (env.SWEEP_INTERVAL_SECONDS > 0) {
      const timer = setInterval(() => {
        runSweep().catch((error: unknown) => console.error("[sweep] failed", error));
      }, env.SWEEP_INTERVAL_SECONDS * 1000);
      timer.unref();
    }
    server.on("error", (error) => {
      console.error(error);
      void shutdown(1);
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
