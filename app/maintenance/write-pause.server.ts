/**
 * The write pause a backup takes (ADR 013). Every app process watches the pause row once a
 * second; while a pause is on it refuses new writes (`withWriteSlot` throws WritesPausedError,
 * answered 503) and, once the writes it had in flight are done, records that it holds still.
 * `pauseWrites` (the backup) waits for every live process to hold still before copying.
 *
 * What counts as a write: every Remix action (except signing in and out and the language
 * switch, which touch only sessions) and every sweep. What GET requests write — a session's
 * last-seen time, a case cache rolled forward from its log, read-model tokens — is derived
 * or disposable, so a copy taken while they happen is still consistent.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import mongoose from "mongoose";
import { AppInstance, WritePause } from "@models/maintenance";

const PAUSE_ID = "write-pause";
/** How often a process reads the pause row; also the longest a new pause goes unseen. */
export const WATCH_INTERVAL_MS = 1_000;
/** A process that has not renewed its row for this long is gone (a crash, a kill -9). */
const INSTANCE_STALE_MS = 15_000;
const PRESENCE_EVERY_MS = 5_000;
/** The pause lease; renewed while the backup runs, so a dead backup frees writes soon. */
const LEASE_MS = 30_000;

export class WritesPausedError extends Error {
  override name = "WritesPausedError";
  constructor() {
    super("Writes are paused for a backup");
  }
}

interface PauseState {
  pause: { pauseId: string } | null;
  inFlight: number;
  /** Called when in-flight writes reach zero during a pause (the watcher reports at once). */
  onIdle: (() => void) | null;
}

// On globalThis: the server start (run from source) and the Remix build each load this module.
const KEY = Symbol.for("yinchuan-sop.write-pause");
const globals = globalThis as unknown as Record<symbol, PauseState | undefined>;
const state: PauseState = (globals[KEY] ??= { pause: null, inFlight: 0, onIdle: null });

export function writesPaused(): boolean {
  return state.pause !== null;
}

/** Runs a write, or throws WritesPausedError while a pause is on. */
export async function withWriteSlot<T>(work: () => Promise<T>): Promise<T> {
  if (state.pause) throw new WritesPausedError();
  state.inFlight++;
  try {
    return await work();
  } finally {
    state.inFlight--;
    if (state.inFlight === 0 && state.pause) state.onIdle?.();
  }
}

/**
 * Watches the pause row and keeps this process's presence row. The first read is awaited, so
 * a process that starts during a backup never accepts a write the backup did not wait for.
 */
export async function watchWritePause(): Promise<{ stop(): Promise<void> }> {
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  let reported: { holdingFor: string | null; at: number } | null = null;
  let stopped = false;

  const holdingFor = () => (state.pause && state.inFlight === 0 ? state.pause.pauseId : null);
  const report = async () => {
    const holding = holdingFor();
    if (reported && reported.holdingFor === holding && Date.now() - reported.at < PRESENCE_EVERY_MS) return;
    await AppInstance.updateOne(
      { _id: id },
      { $set: { host: os.hostname(), pid: process.pid, startedAt, seenAt: new Date(), holdingFor: holding } },
      { upsert: true },
    );
    reported = { holdingFor: holding, at: Date.now() };
  };
  const check = async () => {
    const row = await WritePause.findById(PAUSE_ID).lean();
    state.pause = row && row.expiresAt.getTime() > Date.now() ? { pauseId: row.pauseId } : null;
    await report();
  };

  await check();
  await AppInstance.deleteMany({ seenAt: mongoose.trusted({ $lt: new Date(Date.now() - 24 * 3600_000) }) }); // processes long gone
  let running = false;
  const tick = () => {
    if (running || stopped) return;
    running = true;
    check()
      .catch(() => {}) // the database is away: the last known state stands, the next tick retries
      .finally(() => (running = false));
  };
  state.onIdle = tick;
  const timer = setInterval(tick, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      state.onIdle = null;
      await AppInstance.deleteOne({ _id: id }).catch(() => {});
    },
  };
}

export interface HeldPause {
  pauseId: string;
  /** Ends the pause: writes resume within a second everywhere. */
  release(): Promise<void>;
}

/**
 * Pauses writes everywhere and resolves once every live process holds still (none of its
 * writes in flight, none starting). Refuses while another pause is on. Gives up, releasing the
 * pause, when some process is still busy after `waitMs`.
 */
export async function pauseWrites(reason: string, options: { waitMs?: number; log?: (message: string) => void } = {}): Promise<HeldPause> {
  const pauseId = randomUUID();
  const now = Date.now();
  const existing = await WritePause.findById(PAUSE_ID).lean();
  if (existing && existing.expiresAt.getTime() > now) {
    throw new Error(`Writes are already paused (${existing.reason}, since ${existing.startedAt.toISOString()}); try again when it ends.`);
  }
  if (existing) await WritePause.deleteOne({ _id: PAUSE_ID, pauseId: existing.pauseId });
  // The insert is the lock: of two backups starting together, one gets a duplicate-key error.
  await WritePause.create({ _id: PAUSE_ID, pauseId, reason, startedAt: new Date(now), expiresAt: new Date(now + LEASE_MS) });
  const lease = setInterval(() => {
    WritePause.updateOne({ _id: PAUSE_ID, pauseId }, { $set: { expiresAt: new Date(Date.now() + LEASE_MS) } }).catch(() => {});
  }, LEASE_MS / 3);
  const release = async () => {
    clearInterval(lease);
    await WritePause.deleteOne({ _id: PAUSE_ID, pauseId });
  };
  try {
    const deadline = Date.now() + (options.waitMs ?? 120_000);
    let lastBusy = "";
    for (;;) {
      const live = await AppInstance.find({}, { holdingFor: 1, seenAt: 1 }).lean();
      const busy = live.filter((row) => row.seenAt.getTime() > Date.now() - INSTANCE_STALE_MS && row.holdingFor !== pauseId).map((row) => row._id);
      if (busy.length === 0) return { pauseId, release };
      const names = busy.join(", ");
      if (names !== lastBusy) options.log?.(`waiting for writes in flight to finish: ${names}`);
      lastBusy = names;
      if (Date.now() > deadline) throw new Error(`These app processes still had writes in flight after ${Math.round((options.waitMs ?? 120_000) / 1000)} s: ${names}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
}
