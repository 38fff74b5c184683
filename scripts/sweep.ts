/**
 * `npm run sweep`: the periodic housekeeping and deadline run (cron it every few minutes).
 * Every step is idempotent, so two sweepers running at once never double anything.
 */
import { deleteOldFailures } from "../app/auth/rate-limit.server";
import { deleteExpiredSessions } from "../app/auth/session.server";
import { connectDatabase, disconnectDatabase } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { resolveDatabase } from "./lib/database";

const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR });
try {
  await connectDatabase(database.uri);
  const sessions = await deleteExpiredSessions();
  const failures = await deleteOldFailures();
  console.log(`sweep: ${sessions} expired sessions, ${failures} old sign-in failures removed`);
} finally {
  await disconnectDatabase();
  await database.stop();
}
