/**
 * Stopping the app as a supervisor or a terminal does, for real: SIGTERM to the `npm start`
 * process (README's command: npm → node → FerretDB's watchdog → FerretDB), SIGINT to the
 * server, and kill -9 of the server. Afterwards no process of the app is left and its ports
 * are closed (ADR 013).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, startAppProcess } from "../../scripts/lib/app-process";
import { projectRoot } from "../../scripts/lib/embedded-db";
import { commandOf, descendants, ferretDbBelow, isRunning, portAnswers, waitFor } from "../support/processes";

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-ops-shutdown-"));
  cpSync(inject("seededDataDir"), dataDir, { recursive: true });
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function databasePort(): number {
  return (JSON.parse(readFileSync(path.join(dataDir, "db", "ferretdb-owner.json"), "utf8")) as { port: number }).port;
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** Everything left of a process tree, described for the failure message. */
function leftOf(pids: number[]): string[] {
  return pids.filter(isRunning).map((pid) => `${pid} ${commandOf(pid)}`);
}

describe.skipIf(Boolean(process.env.MONGODB_URI))("stopping the app", () => {
  it("stops npm start, the server and FerretDB on SIGTERM to npm, leaving no process and no open port", async () => {
    const port = await freePort();
    // As the README starts it; its own process group, so a failed test can still clean up.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "never", NODE_ENV: "development" };
    delete env.MONGODB_URI;
    const npm: ChildProcess = spawn("npm", ["start"], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    npm.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      expect(await waitFor(() => healthy(port), 150_000, 500), output).toBe(true);
      const tree = [npm.pid!, ...descendants(npm.pid!)];
      const ferretdb = ferretDbBelow(npm.pid!);
      expect(ferretdb, `FerretDB below npm start:\n${tree.map((p) => `${p} ${commandOf(p)}`).join("\n")}`).toBeDefined();
      const dbPort = databasePort();
      expect(await portAnswers(dbPort)).toBe(true);

      const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
      process.kill(npm.pid!, "SIGTERM");
      const code = await Promise.race([exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000))]);
      expect(code, output).not.toBe("timeout");
      expect(await waitFor(() => leftOf(tree).length === 0, 10_000), leftOf(tree).join("\n")).toBe(true);
      expect(await portAnswers(port)).toBe(false);
      expect(await portAnswers(dbPort)).toBe(false);
      expect(output).toContain("SIGTERM: stopping");
    } finally {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {
        // already gone, as it should be
      }
    }
  });

  it("stops the server and FerretDB on SIGINT (Ctrl-C)", async () => {
    const port = await freePort();
    const app = await startAppProcess({ port, env: { MONGODB_URI: undefined, DATA_DIR: dataDir, SEED_DEMO: "never" } });
    const tree = [app.child.pid!, ...descendants(app.child.pid!)];
    const dbPort = databasePort();
    expect(ferretDbBelow(app.child.pid!)).toBeDefined();
    expect(await app.stop("SIGINT")).toBe(0);
    expect(await waitFor(() => leftOf(tree).length === 0, 10_000), leftOf(tree).join("\n")).toBe(true);
    expect(await portAnswers(port)).toBe(false);
    expect(await portAnswers(dbPort)).toBe(false);
  });

  it("leaves no FerretDB behind when the server itself is killed with -9", async () => {
    const port = await freePort();
    const app = await startAppProcess({ port, env: { MONGODB_URI: undefined, DATA_DIR: dataDir, SEED_DEMO: "never" } });
    const tree = [app.child.pid!, ...descendants(app.child.pid!)];
    const dbPort = databasePort();
    const ferretdb = ferretDbBelow(app.child.pid!)!;
    expect(isRunning(ferretdb)).toBe(true);
    await app.stop("SIGKILL");
    // The watchdog sees the server's pipe close and stops FerretDB.
    expect(await waitFor(() => leftOf(tree).length === 0, 10_000), leftOf(tree).join("\n")).toBe(true);
    expect(await portAnswers(dbPort)).toBe(false);
  });
});
