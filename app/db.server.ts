/**
 * The one Mongoose connection. Models register on the default connection; the process that
 * serves (scripts/serve.ts) or tests (tests/support) opens it once.
 */
import mongoose from "mongoose";
import { reportTopology, setHealthLog, startProbe, stopProbe } from "./db-health.server";

// A value like `{ $ne: "" }` arriving from a request is matched as a literal, never as an
// operator. Our own operators are marked with mongoose.trusted({ $lt: … }).
mongoose.set("sanitizeFilter", true);
mongoose.set("strictQuery", true);

/**
 * The driver's timeouts (ADR 013). Only reaching the server is timed tightly; an operation that
 * reaches a live server is never cut short, so long work (imports, exports, opening a campaign,
 * the sweep) is bounded only by the socket backstop.
 *  - serverSelection: with no reachable server (dead, restarting) an operation fails after this;
 *  - heartbeat: the monitor re-checks the server this often, so a restarted one is found fast;
 *  - connect: opening a connection and each heartbeat; generous on purpose, because a heartbeat
 *    that times out makes the driver cut every query in flight, and a busy CPU alone made a 1 s
 *    limit do that to a healthy server. A hung server is the probe's job (db-health.server.ts);
 *  - socket: the backstop for a server that answers pings but never one operation.
 * Reads are not retried: a retry would wait for server selection a second time.
 * Any of these set in the connection string wins over these defaults.
 */
export const DATABASE_TIMEOUTS = {
  serverSelectionTimeoutMS: 1_000,
  heartbeatFrequencyMS: 500,
  connectTimeoutMS: 10_000,
  socketTimeoutMS: 120_000,
  retryReads: false,
} as const;

/** How long the first connection may take (a database still starting, a remote cluster's DNS and TLS). */
const FIRST_CONNECT_MS = 30_000;

export interface ConnectOptions {
  /** Where availability changes are reported (the server logs them; tests stay quiet). */
  log?: (message: string) => void;
}

/**
 * Opens the one connection and starts watching the database's health. Commands are never
 * buffered: while the database is away an operation fails within the timeouts above instead of
 * queueing. The first connection is retried for FIRST_CONNECT_MS; after that the driver
 * reconnects by itself.
 */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<typeof mongoose> {
  if (mongoose.connection.readyState === 1) return mongoose;
  mongoose.set("bufferCommands", false);
  const query = uri.includes("?") ? uri.slice(uri.indexOf("?") + 1) : "";
  const inUri = new Set([...new URLSearchParams(query).keys()].map((name) => name.toLowerCase()));
  const defaults = Object.fromEntries(Object.entries(DATABASE_TIMEOUTS).filter(([name]) => !inUri.has(name.toLowerCase())));
  const deadline = Date.now() + FIRST_CONNECT_MS;
  for (;;) {
    try {
      await mongoose.connect(uri, { ...defaults, autoIndex: false }); // indexes: ensureIndexes() in dev/test, `npm run db:indexes` in production
      break;
    } catch (error) {
      if (!isDatabaseUnavailableError(error) || Date.now() > deadline) throw error;
      await mongoose.disconnect().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  setHealthLog(options.log);
  mongoose.connection.getClient().on("topologyDescriptionChanged", (event) => {
    const description = event.newDescription;
    const failure = [...description.servers.values()].find((server) => server.error)?.error;
    reportTopology(description.hasDataBearingServers, failure ? failure.message : "no data-bearing server");
  });
  reportTopology(true, null);
  await startProbe(uri);
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await stopProbe();
  await mongoose.disconnect();
  reportTopology(false, "disconnected");
}

const UNAVAILABLE_ERRORS = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoPoolClearedError",
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoServerClosedError",
  "NoAnswerError",
]);

/**
 * The database could not be reached (dead, hung, restarting, or the connection closed), as
 * opposed to an error in the request or the code: such errors are answered 503, not 500.
 * Follows `cause`, so a service that wraps the driver's error still counts.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const name = (current as { name?: unknown }).name;
    if (typeof name === "string" && UNAVAILABLE_ERRORS.has(name)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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
