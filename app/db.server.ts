/**
 * The one Mongoose connection. Models register on the default connection; the process that
 * serves (scripts/serve.ts) or tests (tests/support) opens it once.
 */
import mongoose from "mongoose";

// A value like `{ $ne: "" }` arriving from a request is matched as a literal, never as an
// operator. Our own operators are marked with mongoose.trusted({ $lt: … }).
mongoose.set("sanitizeFilter", true);
mongoose.set("strictQuery", true);

export interface ConnectOptions {
  /** Tests fail fast on a dead database instead of buffering commands for 10 s. */
  failFast?: boolean;
}

export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<typeof mongoose> {
  if (mongoose.connection.readyState === 1) return mongoose;
  mongoose.set("bufferCommands", !options.failFast);
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: options.failFast ? 3_000 : 15_000,
    autoIndex: false, // indexes are created explicitly: ensureIndexes() in dev/test, `npm run db:indexes` in production
  });
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** Creates every model's declared indexes (idempotent). */
export async function ensureIndexes(): Promise<void> {
  await import("@models/index");
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}
