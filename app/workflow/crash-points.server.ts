/**
 * Deterministic crash points for the fault-injection tests (ADR 012): the windows in which a
 * transition is half done. Two ways to reach one, both for tests only:
 *
 * - `WORKFLOW_CRASH_AT=<point>[:<event>]` in the environment of a server started with
 *   NODE_ENV=test: the process kills itself (SIGKILL, no cleanup, like a power cut) the first time
 *   it reaches that point (for that event). Ignored under any other NODE_ENV, so production and
 *   development can never honour it.
 * - `crashAt` in SendOptions, for in-process tests: a SimulatedCrash is thrown there, and the engine
 *   lets it through without tidying anything up, so the database is left as a crash would leave it.
 */

import { env } from "~/env.server";

export const CRASH_POINTS = [
  /** The outbox row is written; the log row is not (the transition never committed). */
  "afterPending",
  /** The log row is written (committed); the case's cache is not. */
  "afterLog",
  /** The cache is written; no effect has been claimed. */
  "afterCache",
  /** An effect is claimed; its handler has not run. */
  "effectClaimed",
  /** An effect's handler has run; it is not marked done (a retry runs it again). */
  "effectRan",
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export class SimulatedCrash extends Error {
  override name = "SimulatedCrash";
  constructor(readonly point: CrashPoint) {
    super(`simulated crash at ${point}`);
  }
}

function configured(): { point: CrashPoint; event: string | null } | null {
  // The parsed environment, read when the server runs: the build inlines the literal
  // `process.env.NODE_ENV` as "production", which would compile this hook away.
  if (env().NODE_ENV !== "test") return null;
  const raw = process.env.WORKFLOW_CRASH_AT;
  if (!raw) return null;
  const [point, event] = raw.split(":");
  if (!(CRASH_POINTS as readonly string[]).includes(point ?? "")) throw new Error(`WORKFLOW_CRASH_AT: unknown crash point "${point}" (one of ${CRASH_POINTS.join(", ")})`);
  return { point: point as CrashPoint, event: event || null };
}

let fromEnvironment: ReturnType<typeof configured> | undefined;

/** Called by the engine at each window; does nothing unless a test asked for this point. */
export function crashPoint(point: CrashPoint, event: string, requested?: CrashPoint): void {
  if (requested === point) throw new SimulatedCrash(point);
  if (fromEnvironment === undefined) fromEnvironment = configured();
  if (fromEnvironment && fromEnvironment.point === point && (!fromEnvironment.event || fromEnvironment.event === event)) {
    console.error(`[workflow] WORKFLOW_CRASH_AT=${point}: killing this process now (test only)`);
    process.kill(process.pid, "SIGKILL");
  }
}

export const isSimulatedCrash = (error: unknown): error is SimulatedCrash => error instanceof SimulatedCrash;
