/**
 * `npm run sweep`: one sweeper run (cron it every few minutes in production). The app also
 * sweeps itself every SWEEP_INTERVAL_SECONDS, which is what the embedded database relies on.
 */
import { connectDatabase, disconnectDatabase } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { runSweep } from "../app/sweep.server";
import { resolveDatabase } from "./lib/database";

const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR });
try {
  await connectDatabase(database.uri);
  console.log("sweep:", JSON.stringify(await runSweep()));
} finally {
  await disconnectDatabase();
  await database.stop();
}
