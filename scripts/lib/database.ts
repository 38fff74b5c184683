/**
 * Resolves the database for a process: MONGODB_URI when set (nothing built or started), else
 * the embedded FerretDB with data under DATA_DIR/db. Commands (`shareRunning`: backup, sweep,
 * create-admin …) use the FerretDB a running app already serves on that directory rather than
 * starting a second server on the same files; the app itself refuses to share.
 */
import path from "node:path";
import { connectDatabase, disconnectDatabase } from "../../app/db.server";
import { loadEnv, type Env } from "../../app/env.server";
import { installRegistries } from "../../app/registries.server";
import { embeddedUri, projectRoot, runningEmbeddedDb, startEmbeddedDb, type EmbeddedDb } from "./embedded-db";

export interface ResolvedDatabase {
  uri: string;
  embedded: boolean;
  /** The embedded database this process started and supervises (undefined for MONGODB_URI or a shared one). */
  server?: EmbeddedDb;
  stop(): Promise<void>;
}

export async function resolveDatabase(options: {
  mongodbUri?: string;
  dataDir: string;
  databaseName?: string;
  log?: (message: string) => void;
  shareRunning?: boolean;
}): Promise<ResolvedDatabase> {
  if (options.mongodbUri) return { uri: options.mongodbUri, embedded: false, stop: async () => {} };
  const dbDir = path.resolve(projectRoot, options.dataDir, "db");
  const databaseName = options.databaseName ?? "social_orgs";
  if (options.shareRunning) {
    const running = await runningEmbeddedDb(dbDir);
    if (running) {
      options.log?.(`using the embedded database the app (pid ${running.pid}) runs on port ${running.port}`);
      return { uri: embeddedUri(running.port, databaseName), embedded: true, stop: async () => {} };
    }
  }
  const server = await startEmbeddedDb({ dataDir: dbDir, log: options.log });
  return { uri: server.uriFor(databaseName), embedded: true, server, stop: server.stop };
}

/**
 * A command's frame (backup, restore, sweep): the database the app would use (shared with a
 * running app), connected; `work` gets its location; a failure is printed in one line as
 * `[name] failed: …` with exit code 1; the connection and any database started are closed.
 */
export async function runCommand(name: string, work: (database: ResolvedDatabase, env: Env, log: (message: string) => void) => Promise<void>): Promise<void> {
  const log = (message: string) => console.log(`[${name}] ${message}`);
  const env = loadEnv();
  installRegistries();
  const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, shareRunning: true, log });
  try {
    await connectDatabase(database.uri);
    await work(database, env, log);
  } catch (error) {
    console.error(`[${name}] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await disconnectDatabase();
    await database.stop();
  }
}
