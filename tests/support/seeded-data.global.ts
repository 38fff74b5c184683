/**
 * For the operations tests (tests/ops): a DATA_DIR holding the demo data, seeded once by the
 * real start (`scripts/serve.ts`, SEED_DEMO) and then stopped. Each test copies it and starts its
 * own app on the copy, with its own embedded FerretDB it can kill.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startAppProcess } from "../../scripts/lib/app-process";
import { projectRoot } from "../../scripts/lib/embedded-db";

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(projectRoot, "build", "index.js"))) {
    throw new Error("The operations tests need the server build: run `npm run build` (npm test does).");
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-ops-seeded-"));
  // Seeding takes well under a minute on a quiet machine and passed four minutes on a busy one.
  const app = await startAppProcess({ port: await freePort(), env: { MONGODB_URI: undefined, DATA_DIR: dataDir, SEED_DEMO: "auto" }, readyTimeoutMs: 600_000 });
  await app.stop();
  project.provide("seededDataDir", dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}
