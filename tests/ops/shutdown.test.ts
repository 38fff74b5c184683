/**
 * Stopping `npm start` as a supervisor or a terminal does, for real: SIGTERM to the npm process,
 * SIGINT to its process group (README's command: npm → node → FerretDB's watchdog → FerretDB).
 * Afterwards no process of the tree is left and both ports are closed (ADR 013).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/app-process";
import { projectRoot } from "../../scripts/lib/embedded-db";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
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

/**
 * A sign-in whose body is sent in two halves: between them the request is in flight for as long
 * as the test wants. Resolves with the answer's status line and headers.
 */
function signInInTwoHalves(port: number): { firstHalfSent: Promise<void>; sendRest: () => void; answer: Promise<string> } {
  const body = new URLSearchParams({ username: "admin", password: DEMO_PASSWORD }).toString();
  const half = body.length >> 1;
  const socket = net.connect({ port, host: "127.0.0.1" });
  let received = "";
  const answer = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.once("end", () => resolve(received));
    socket.once("close", () => resolve(received));
    socket.once("error", reject);
  });
  const head = [
    "POST /login HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    `Origin: http://127.0.0.1:${port}`,
    "Content-Type: application/x-www-form-urlencoded",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  const firstHalfSent = new Promise<void>((resolve) => socket.once("connect", () => socket.write(head + body.slice(0, half), () => resolve())));
  return { firstHalfSent, sendRest: () => socket.write(body.slice(half)), answer };
}

/** Everything left of a process tree, described for the failure message. */
function leftOf(pids: number[]): string[] {
  return pids.filter(isRunning).map((pid) => `${pid} ${commandOf(pid)}`);
}

describe.skipIf(Boolean(process.env.MONGODB_URI))("stopping npm start", () => {
  // A supervisor signals the npm process; a terminal's Ctrl-C signals its whole process group.
  // (SIGINT, SIGTERM and kill -9 of the server process alone: tests/e2e/lifecycle.test.ts.)
  it.each([
    { how: "SIGTERM to the npm process", signal: "SIGTERM" as const, group: false },
    { how: "SIGINT to its process group (Ctrl-C)", signal: "SIGINT" as const, group: true },
  ])("on $how: lets the request in flight finish, refuses new ones, exits 0 and leaves no process and no open port", async ({ how, signal, group }) => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "never", NODE_ENV: "development" };
    delete env.MONGODB_URI;
    // As the README starts it, in a process group of its own (as a terminal would; and so a
    // failed test can still clean up).
    const npm: ChildProcess = spawn("npm", ["start"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    npm.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      expect(await waitFor(() => healthy(port), 150_000, 500), output).toBe(true);
      const tree = [npm.pid!, ...descendants(npm.pid!)];
      expect(ferretDbBelow(npm.pid!), `FerretDB below npm start:\n${tree.map((p) => `${p} ${commandOf(p)}`).join("\n")}`).toBeDefined();
      const dbPort = databasePort();
      expect(await portAnswers(dbPort)).toBe(true);

      const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
      const inFlight = signInInTwoHalves(port);
      await inFlight.firstHalfSent;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the server has read the head
      const signalledAt = Date.now();
      process.kill(group ? -npm.pid! : npm.pid!, signal);
      // The server stops listening at once: a new connection is refused while the sign-in waits.
      expect(await waitFor(async () => !(await portAnswers(port)), 5_000, 50)).toBe(true);
      const refusedAfterMs = Date.now() - signalledAt;
      inFlight.sendRest();
      const answer = await inFlight.answer;
      expect(answer.split("\r\n")[0], output).toBe("HTTP/1.1 302 Found");
      expect(answer).toMatch(/^set-cookie: /im);
      const code = await Promise.race([exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000))]);
      expect(code, output).toBe(0);
      console.log(`${how}: new connections refused after ${refusedAfterMs} ms, npm start exited 0 after ${Date.now() - signalledAt} ms`);
      expect(await waitFor(() => leftOf(tree).length === 0, 10_000), leftOf(tree).join("\n")).toBe(true);
      expect(await portAnswers(port)).toBe(false);
      expect(await portAnswers(dbPort)).toBe(false);
      expect(output).toContain(`${signal}: stopping`);
      expect(output).toContain("[serve] stopped");
    } finally {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {
        // already gone, as it should be
      }
    }
  });
});
