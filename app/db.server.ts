/**
 * The one Mongoose connection. Models register on the default connection; the process that
 * serves (scripts/serve.ts) or tests (tests/support) opens it once.
 */
import mongoose from "mongoose";

// A value like `{ $ne: "" }` arriving from a request is matched as a literal, never as an
// operator. Our own operators are marked with mongoose.trusted({ $lt: … }).
mongoose.set("sanitizeFilter", true);
mongoose.set("strictQuery", true);

/**
 * How long the app waits for the database before answering "temporarily unavailable" (ADR 013).
 * Only reaching the server is timed tightly; an operation that reaches a live server is never
 * cut short by these, so long work (imports, exports, opening a campaign, the sweep) is bounded
 * only by the socket backstop.
 *  - serverSelection: no reachable server for this long → the operation fails (database dead);
 *  - connect: opening a connection, and each heartbeat of the monitor, must answer within this;
 *  - heartbeat: the monitor checks the server this often, so a hung server (SIGSTOP) is noticed
 *    within heartbeat + connect, and then every operation waiting on it is interrupted;
 *  - socket: the backstop for a server that answers heartbeats but never one operation.
 * Reads are not retried: a retry would wait for server selection a second time.
 * Any of these set in the connection string wins over these defaults.
 */
export const DATABASE_TIMEOUTS = {
  serverSelectionTimeoutMS: 1_000,
  connectTimeoutMS: 1_000,
  heartbeatFrequencyMS: 500,
  socketTimeoutMS: 120_000,
  retryReads: false,
} as const;

/** How long the first connection may take (a database still starting, a remote cluster's DNS and TLS). */
const FIRST_CONNECT_MS = 30_000;

export interface DatabaseState {
  /** A server that holds data is reachable (the driver's monitor says so). */
  available: boolean;
  /** When `available` last changed (epoch ms). */
  since: number;
  /** The monitor's last failure, while unavailable. */
  reason: string | null;
}

// On globalThis: the server start (run from source) and the Remix build each load this module.
const STATE_KEY = Symbol.for("yinchuan-sop.database-state");
const globals = globalThis as unknown as Record<symbol, DatabaseState | undefined>;
const state: DatabaseState = (globals[STATE_KEY] ??= { available: false, since: Date.now(), reason: "not connected" });

export function databaseState(): Readonly<DatabaseState> {
  return state;
}

function setAvailable(available: boolean, reason: string | null, log?: (message: string) => void): void {
  if (available === state.available) {
    if (!available && reason) state.reason = reason;
    return;
  }
  const downFor = ((Date.now() - state.since) / 1000).toFixed(1);
  state.available = available;
  state.since = Date.now();
  state.reason = available ? null : reason;
  log?.(available ? `database reachable again (after ${downFor} s)` : `database unreachable: ${reason ?? "unknown"}`);
}

export interface ConnectOptions {
  /** Where availability changes are reported (the server logs them; tests stay quiet). */
  log?: (message: string) => void;
}

/**
 * Opens the one connection. Commands are never buffered: while the database is away an
 * operation fails within the timeouts above instead of queueing. The first connection is
 * retried for FIRST_CONNECT_MS; after that the driver reconnects by itself.
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
  const client = mongoose.connection.getClient();
  client.on("topologyDescriptionChanged", (event) => {
    const description = event.newDescription;
    const failure = [...description.servers.values()].find((server) => server.error)?.error;
    setAvailable(description.hasDataBearingServers, failure ? failure.message : "no data-bearing server", options.log);
  });
  setAvailable(true, null);
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
  setAvailable(false, "disconnected");
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

/** Asks the server for a ping, answering false if it does not answer within `timeoutMs`. */
export async function pingDatabase(timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const started = Date.now();
  const db = mongoose.connection.db;
  if (!state.available) return { ok: false, error: state.reason ?? "unreachable" };
  if (mongoose.connection.readyState !== 1 || !db) return { ok: false, error: "not connected" };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.command({ ping: 1 }), timeout]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
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
