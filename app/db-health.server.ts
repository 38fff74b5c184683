/**
 * Is the database there? (ADR 013) Two witnesses, both must agree it is:
 *  - the driver's monitor (the topology): a dead server (connection refused or reset) is known
 *    at once;
 *  - our probe: a ping every PROBE_EVERY_MS on a connection of its own. A server that stops
 *    answering (hung, SIGSTOP, a stalled network) is known once a ping has waited 1 s (longer
 *    when pings have lately been slow: `probeTimeoutMs`) — counted so that an answer that has
 *    arrived is never missed because this process was busy (see `answerWithin`). The driver's own heartbeat timeout cannot tell the
 *    two apart: under a CPU-bound burst it declared a healthy server dead and cut every query in
 *    flight, so its timeouts are kept long (db.server.ts) and hangs are left to the probe.
 * While either says no, requests are answered 503 at once, and requests already waiting are
 * answered 503 the moment it says so (`whenUnavailable`).
 */
import { MongoClient } from "mongodb";

export const PROBE_EVERY_MS = 500;
/**
 * How long a ping may go unanswered: 1 s, or 4× the 90th percentile of the last 40 pings
 * (20 s) if that is longer, at most 5 s. On a machine whose CPUs are oversubscribed many times
 * over, pings take hundreds of milliseconds and a fixed 1 s turned that slowness into outages;
 * a server that answered in a few milliseconds and then falls silent is still caught in 1 s.
 */
export const PROBE_TIMEOUT_MS = { min: 1_000, max: 5_000, factor: 4, window: 40 } as const;

/** Recent ping times (ms), newest last. */
const recentPings: number[] = [];

export function probeTimeoutMs(): number {
  if (recentPings.length === 0) return PROBE_TIMEOUT_MS.min;
  const sorted = [...recentPings].sort((a, b) => a - b);
  const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]!;
  return Math.min(PROBE_TIMEOUT_MS.max, Math.max(PROBE_TIMEOUT_MS.min, PROBE_TIMEOUT_MS.factor * p90));
}

type Log = (message: string) => void;

interface HealthState {
  topology: { up: boolean; reason: string | null };
  probeState: { up: boolean; reason: string | null };
  available: boolean;
  /** When `available` last changed (epoch ms). */
  since: number;
  reason: string | null;
  waiters: Set<(reason: string) => void>;
  log: Log | undefined;
  probe: { client: MongoClient; timer: NodeJS.Timeout } | null;
}

// On globalThis: the server start (run from source) and the Remix build each load this module.
const KEY = Symbol.for("yinchuan-sop.database-health");
const globals = globalThis as unknown as Record<symbol, HealthState | undefined>;
const state: HealthState = (globals[KEY] ??= {
  topology: { up: false, reason: "not connected" },
  probeState: { up: true, reason: null },
  available: false,
  since: Date.now(),
  reason: "not connected",
  waiters: new Set(),
  log: undefined,
  probe: null,
});

export interface DatabaseState {
  available: boolean;
  since: number;
  /** Why not, while unavailable. */
  reason: string | null;
}

export function databaseState(): Readonly<DatabaseState> {
  return { available: state.available, since: state.since, reason: state.reason };
}

function update(): void {
  const available = state.topology.up && state.probeState.up;
  const reason = available ? null : (state.topology.up ? state.probeState.reason : state.topology.reason) ?? "unreachable";
  if (available === state.available) {
    state.reason = reason;
    return;
  }
  const lasted = ((Date.now() - state.since) / 1000).toFixed(1);
  state.available = available;
  state.since = Date.now();
  state.reason = reason;
  state.log?.(available ? `database reachable again (after ${lasted} s)` : `database unreachable: ${reason}`);
  if (!available) {
    for (const wake of state.waiters) wake(reason!);
    state.waiters.clear();
  }
}

/** What the driver's monitor says (db.server.ts listens to it). */
export function reportTopology(up: boolean, reason: string | null): void {
  state.topology = { up, reason };
  update();
}

export function setHealthLog(log: Log | undefined): void {
  state.log = log;
}

/** Resolves (with the reason) when the database becomes unavailable; `cancel` when no longer waiting. */
export function whenUnavailable(): { promise: Promise<string>; cancel(): void } {
  let wake: (reason: string) => void = () => {};
  const promise = new Promise<string>((resolve) => (wake = resolve));
  state.waiters.add(wake);
  return { promise, cancel: () => state.waiters.delete(wake) };
}

export class NoAnswerError extends Error {
  override name = "NoAnswerError";
}

/**
 * `work`, or NoAnswerError if it has not settled after `ms`. The deadline is checked one turn of
 * the event loop after the timer fires — after Node has read whatever arrived on its sockets —
 * so a process that was too busy to look (a long render, a loaded machine) does not mistake
 * its own delay for the database's silence.
 */
export function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new NoAnswerError(`no answer within ${ms} ms`))), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Starts the probe on its own one-connection client (db.server.ts, once connected). */
export async function startProbe(uri: string): Promise<void> {
  if (state.probe) return;
  const client = new MongoClient(uri, {
    maxPoolSize: 1,
    serverSelectionTimeoutMS: PROBE_TIMEOUT_MS.min,
    connectTimeoutMS: 10_000,
    heartbeatFrequencyMS: 10_000,
    socketTimeoutMS: 10_000, // a ping lost on a silent network ends, so the next can start
    retryReads: false,
  });
  await client.connect();
  let pending: { promise: Promise<unknown>; sentAt: number; timeoutMs: number } | null = null;
  const tick = () => {
    if (!pending) {
      const promise = client.db("admin").command({ ping: 1 });
      const sentAt = Date.now();
      const timeoutMs = probeTimeoutMs();
      pending = { promise, sentAt, timeoutMs };
      promise.then(
        () => {
          // A ping answered only after the server had been declared silent (a hang ended) says
          // nothing about how long pings take.
          const took = Date.now() - sentAt;
          if (took <= timeoutMs) recentPings.push(took);
          if (recentPings.length > PROBE_TIMEOUT_MS.window) recentPings.shift();
          pending = null;
          state.probeState = { up: true, reason: null };
          update();
        },
        (error: unknown) => {
          pending = null;
          state.probeState = { up: false, reason: error instanceof Error ? error.message : String(error) };
          update();
        },
      );
    }
    // One ping at a time: a ping still unanswered after the timeout says the server is silent.
    const waiting = pending;
    void answerWithin(waiting.promise, Math.max(0, waiting.sentAt + waiting.timeoutMs - Date.now())).catch((error: unknown) => {
      if (error instanceof NoAnswerError && pending === waiting) {
        state.probeState = { up: false, reason: `no answer to a ping for ${waiting.timeoutMs} ms` };
        update();
      }
    });
  };
  const timer = setInterval(tick, PROBE_EVERY_MS);
  timer.unref();
  state.probe = { client, timer };
}

export async function stopProbe(): Promise<void> {
  const running = state.probe;
  if (!running) return;
  state.probe = null;
  clearInterval(running.timer);
  await running.client.close().catch(() => {});
  state.probeState = { up: true, reason: null };
}

/** A ping on the probe's connection, for /healthz: ok with its time, or why not. */
export async function pingDatabase(timeoutMs: number): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  if (!state.available) return { ok: false, error: state.reason ?? "unreachable" };
  if (!state.probe) return { ok: false, error: "not connected" };
  const started = Date.now();
  try {
    await answerWithin(state.probe.client.db("admin").command({ ping: 1 }), timeoutMs);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
