/**
 * Resolves the database for a process: MONGODB_URI when set (nothing built or started), else
 * the embedded FerretDB with data under DATA_DIR/db.
 */
import path from "node:path";
import { projectRoot, startEmbeddedDb } from "./embedded-db";

export interface ResolvedDatabase {
  uri: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function resolveDatabase(options: {
  mongodbUri?: string;
  dataDir: string;
  databaseName?: string;
  log?: (message: string) => void;
}): Promise<ResolvedDatabase> {
  if (options.mongodbUri) return { uri: options.mongodbUri, embedded: false, stop: async () => {} };
  const db = await startEmbeddedDb({ dataDir: path.resolve(projectRoot, options.dataDir, "db"), log: options.log });
  return { uri: db.uriFor(options.databaseName ?? "social_orgs"), embedded: true, stop: db.stop };
}
