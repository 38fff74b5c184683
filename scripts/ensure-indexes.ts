/** `npm run db:indexes`: creates every model's indexes on MONGODB_URI (production deploys). */
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../app/db.server";
import { loadEnv } from "../app/env.server";

const env = loadEnv();
if (!env.MONGODB_URI) {
  console.error("Set MONGODB_URI to the database whose indexes should be created. (The embedded database creates them at start.)");
  process.exit(2);
}
await connectDatabase(env.MONGODB_URI);
await ensureIndexes();
console.log("Indexes are in place.");
await disconnectDatabase();
