/**
 * `npm run personal-data:reseal`: after a key rotation (a new key first in PERSONAL_DATA_KEYS, or
 * a new PERSONAL_DATA_INDEX_KEY), seals every personal value again with the newest key and
 * recomputes the keyed hashes. Idempotent; safe while the app runs (each value is readable under
 * either key until it is rewritten). When it reports nothing left to do, the old key can be
 * removed from PERSONAL_DATA_KEYS. See docs/security.md.
 */
import { connectDatabase, disconnectDatabase } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { resealPersonalData } from "../app/personal-data/reseal.server";
import { resolveDatabase } from "./lib/database";

const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR });
try {
  await connectDatabase(database.uri);
  const changed = await resealPersonalData();
  console.log(`Re-sealed with key "${env.personalDataKeys[0]!.id}": ${changed.organizations} organizations, ${changed.applications} applications; masked ${changed.history} history entries.`);
  const again = await resealPersonalData();
  const left = again.organizations + again.applications + again.history;
  console.log(left === 0 ? "Nothing is left under an older key: older keys may now be removed." : `${left} records changed during the run: run it again.`);
} finally {
  await disconnectDatabase();
  await database.stop();
}
