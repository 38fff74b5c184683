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

/** E11000: a unique index refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}

type WriteError = { index: number; code?: number; err?: { code?: number } };

/**
 * Inserts documents unordered through the driver; returns the indexes a unique index refused as
 * duplicates (any other error throws). Natural keys make batch writes idempotent this way.
 */
export async function insertIgnoringDuplicates(collection: mongoose.Collection, docs: Record<string, unknown>[]): Promise<Set<number>> {
  const duplicates = new Set<number>();
  if (docs.length === 0) return duplicates;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: WriteError[] | WriteError }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0) throw error;
    for (const e of list) {
      if (!isDuplicateKeyError(e) && !isDuplicateKeyError(e.err)) throw error;
      duplicates.add(e.index);
    }
  }
  return duplicates;
}
