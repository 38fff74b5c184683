/** Starts one embedded FerretDB for the integration project, in a temporary directory. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { resolveDatabase } from "../../scripts/lib/database";

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-test-db-"));
  const database = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: "{db}" });
  project.provide("mongoUriTemplate", database.uri);
  return async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
