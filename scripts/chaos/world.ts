/**
 * The world the fault-injection runs play in: a database that outlives the server (the embedded
 * FerretDB in a temporary directory, or MONGODB_URI), the real server (`scripts/serve.ts`, as
 * `npm start` runs it) that is killed with SIGKILL and started again on the same port, and this
 * process connected to the same database to prepare cases through the services and to check them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type mongoose from "mongoose";
import { User, type Role } from "../../models/user";
import { hashPassword } from "../../app/auth/password.server";
import { installRegistries } from "../../app/registries.server";
import { connectDatabase, disconnectDatabase } from "../../app/db.server";
import { freePort, startAppProcess, type AppProcess } from "../lib/app-process";
import { resolveDatabase, type ResolvedDatabase } from "../lib/database";
import { signInOverHttp } from "../lib/sign-in";

export const CHAOS_PASSWORD = "Chaos@Workflow2026";

/**
 * The server's settings for these runs: sweeps every two seconds (deadlines and recovery), and a
 * claimed effect whose process died is taken over after five seconds instead of a minute.
 */
const SERVER_ENV = { SEED_DEMO: "never", SWEEP_INTERVAL_SECONDS: "2", WORKFLOW_EFFECT_TIMEOUT_SECONDS: "5" };

export interface World {
  baseUrl: string;
  /** Kills the server with SIGKILL (no cleanup, like a power cut) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts the server again (optionally with extra environment, e.g. a crash point); answers the start time in ms. */
  start(env?: Record<string, string>): Promise<number>;
  /** Waits for a server that is expected to kill itself (a crash point) to exit. */
  waitForExit(timeoutMs: number): Promise<boolean>;
  running(): boolean;
  output(): string;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-chaos-"));
  const database: ResolvedDatabase = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: `chaos_${process.pid}` });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let app: AppProcess | null = null;
  let exited = Promise.resolve();
  let log = "";
  const start = async (env: Record<string, string> = {}) => {
    const began = Date.now();
    app = await startAppProcess({ port, env: { MONGODB_URI: database.uri, DATA_DIR: dataDir, ...SERVER_ENV, ...env } });
    const child = app.child;
    exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
    return Date.now() - began;
  };
  await start();
  // The server created the indexes; this process only connects.
  installRegistries();
  await connectDatabase(database.uri);
  const world: World = {
    baseUrl,
    async kill() {
      if (!app) return;
      log += app.output();
      await app.stop("SIGKILL");
      app = null;
    },
    start,
    async waitForExit(timeoutMs) {
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
      if (done && app) {
        log += app.output();
        app = null;
      }
      return done;
    },
    running: () => app !== null && app.child.exitCode === null && app.child.signalCode === null,
    output: () => log + (app?.output() ?? ""),
    async close() {
      await world.kill();
      await disconnectDatabase().catch(() => {});
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A user of the given role, with the run's password (hashed once). */
let passwordHash: Promise<string> | null = null;
export async function createUser(username: string, role: Role, displayName: string, organizationId?: mongoose.Types.ObjectId): Promise<void> {
  passwordHash ??= hashPassword(CHAOS_PASSWORD);
  await User.create({ username, displayName, role, passwordHash: await passwordHash, organizationId });
}

/** Signs in a chaos account over HTTP, as a browser would; answers the session cookie. */
export const signIn = (baseUrl: string, username: string): Promise<string> => signInOverHttp(baseUrl, username, CHAOS_PASSWORD);

/** A form POST as a browser sends it; answers the status, or null when the server died first. */
export async function post(baseUrl: string, cookie: string, pathname: string, fields: Record<string, string | number>): Promise<number | null> {
  try {
    const response = await fetch(`${baseUrl}${pathname}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Cookie: cookie },
      body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
      redirect: "manual",
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}
