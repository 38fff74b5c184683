/**
 * Starts the real app (the built server, as `npm start` runs it) on a free port with its own
 * embedded database and the demo seed, for HTTP and browser tests.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { resolveDatabase } from "../../scripts/lib/database";
import { projectRoot } from "../../scripts/lib/embedded-db";
import { freePort, startAppProcess } from "../../scripts/lib/app-process";

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(projectRoot, "build", "index.js"))) {
    throw new Error("The e2e tests need the server build: run `npm run build` (npm test does).");
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-e2e-db-"));
  const database = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: "e2e_app" });
  const port = await freePort();
  // Stored files go to the same temporary directory, not the developer's .data/.
  // Seeding the demo takes about two minutes on a busy two-core machine: allow five.
  const app = await startAppProcess({ port, env: { MONGODB_URI: database.uri, DATA_DIR: dataDir }, readyTimeoutMs: 300_000 });
  project.provide("baseUrl", `http://127.0.0.1:${port}`);
  project.provide("appMongoUri", database.uri);
  project.provide("appDataDir", dataDir);
  return async () => {
    await app.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

