/**
 * The embedded database: FerretDB v1.24.2 with its SQLite backend (ADR 001).
 *
 * Built once from the module proxy into the git-ignored `.cache/ferretdb/`, reused while its
 * version matches, started on a free loopback port, restarted on the same port if it dies, and
 * stopped with its parent. The child runs under a small shell watchdog that reads the parent's
 * pipe: when the parent exits for any reason (Ctrl-C, a crash, SIGKILL), the pipe closes and the
 * watchdog stops FerretDB, so no orphan is ever left behind (ADR 013).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, cpSync, chmodSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FERRETDB_VERSION = "v1.24.2";
const MODULE = "github.com/FerretDB/FerretDB";
const MIN_GO = [1, 24] as const;

/** The folder with package.json, above this file as source (scripts/lib) and as built (build/start). */
export const projectRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
})();

/** Changes made to FerretDB's source before building it (ADR 001); each must match exactly once. */
const FERRETDB_PATCHES = [
  {
    // SQLite uses an index on an expression only when the query spells it the same way. The
    // SQLite backend creates its _id index on `sjson->"_id"` but looks documents up, updates and
    // deletes them by `sjson->'$._id'`: every write by _id scanned the whole table (an updateMany
    // of 1,000 cases among 10,000 took minutes). Same JSON path, spelled as the index spells it.
    file: "internal/backends/sqlite/metadata/metadata.go",
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  {
    // An update command's statements each open a query cursor closed only when the whole command
    // ends (a `defer` inside the loop): a bulk write of about 100 updates or more exhausted the
    // SQLite connections and hung for ever. Close each statement's cursor when it is done.
    file: "internal/handler/msg_update.go",
    from: "\t\tcloser := iterator.NewMultiCloser()\n\t\tdefer closer.Close()\n",
    to: "\t\tcloser := iterator.NewMultiCloser()\n",
  },
  {
    file: "internal/handler/msg_update.go",
    from: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
    to: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n\t\tcloser.Close()\n',
  },
  {
    // A filter on _id and other fields (e.g. `{ _id, status: "active" }`, a write that checks
    // what it expects) scanned the whole table: only a lone _id used the index. Every caller still
    // applies the whole filter to what the query returns, so narrowing by _id is always correct.
    file: "internal/backends/sqlite/collection.go",
    from: "\tif params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get(\"_id\")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\twhereClause",
    to: "\tif params.Filter.Len() > 0 {\n\t\tv, _ := params.Filter.Get(\"_id\")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\twhereClause",
  },
];
/** The build folder is named after the patches' content: changing them rebuilds the binary. */
const BUILD_NAME = `${FERRETDB_VERSION}-${createHash("sha256").update(JSON.stringify(FERRETDB_PATCHES)).digest("hex").slice(0, 8)}`;
const binaryPath = path.join(projectRoot, ".cache", "ferretdb", BUILD_NAME, "ferretdb");

export class EmbeddedDbError extends Error {
  override name = "EmbeddedDbError";
}

type Log = (message: string) => void;

function installedVersion(binary: string): string | null {
  if (!existsSync(binary)) return null;
  try {
    const out = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 });
    return /version:\s*(\S+)/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

function findGo(): string {
  const candidates = ["go", "/usr/local/go/bin/go", path.join(os.homedir(), "go", "bin", "go")];
  for (const candidate of candidates) {
    try {
      const out = execFileSync(candidate, ["version"], { encoding: "utf8" });
      const match = /go(\d+)\.(\d+)/.exec(out);
      if (!match) continue;
      const [major, minor] = [Number(match[1]), Number(match[2])];
      if (major > MIN_GO[0] || (major === MIN_GO[0] && minor >= MIN_GO[1])) return candidate;
      throw new EmbeddedDbError(
        `Go ${major}.${minor} is too old to build the embedded database. Install Go >= ${MIN_GO.join(".")} ` +
          `(https://go.dev/doc/install), or set MONGODB_URI to use an existing MongoDB.`,
      );
    } catch (error) {
      if (error instanceof EmbeddedDbError) throw error;
    }
  }
  throw new EmbeddedDbError(
    `Go is not installed, and it is needed once to build the embedded database (FerretDB ${FERRETDB_VERSION}). ` +
      `Install Go >= ${MIN_GO.join(".")} (https://go.dev/doc/install, or 'apt-get install golang-go' where it is new enough), ` +
      `or set MONGODB_URI to use an existing MongoDB instead.`,
  );
}

/**
 * Returns the path of a FerretDB binary of the pinned version, building it when absent.
 * `go install …@v1.24.2` alone yields a binary that panics (its module ships an empty
 * build/version/version.txt), so we build the same module source with that file filled in,
 * as FerretDB's build documentation asks, and with our patches applied (FERRETDB_PATCHES).
 */
export function ensureFerretDbBinary(log: Log = console.log): string {
  if (installedVersion(binaryPath) === FERRETDB_VERSION) return binaryPath;
  const go = findGo();
  log(`Building FerretDB ${FERRETDB_VERSION} once (about 1–3 minutes; cached in .cache/ferretdb/)…`);
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), "ferretdb-build-"));
  try {
    const goEnv = { ...process.env, GOFLAGS: "-mod=mod", GO111MODULE: "on" };
    const info = JSON.parse(
      execFileSync(go, ["mod", "download", "-json", `${MODULE}@${FERRETDB_VERSION}`], {
        cwd: work,
        env: goEnv,
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
      }),
    ) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new EmbeddedDbError(`Could not download ${MODULE}@${FERRETDB_VERSION}: ${info.Error ?? "unknown error"}`);
    const source = path.join(work, "src");
    cpSync(info.Dir, source, { recursive: true });
    makeWritable(source);
    writeFileSync(path.join(source, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    applyPatches(source);
    mkdirSync(path.dirname(binaryPath), { recursive: true });
    const partial = `${binaryPath}.${process.pid}.partial`;
    execFileSync(go, ["build", "-trimpath", "-buildvcs=false", "-o", partial, "./cmd/ferretdb"], {
      cwd: source,
      env: { ...goEnv, GOFLAGS: "" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    renameSync(partial, binaryPath); // atomic: a concurrent starter never sees half a binary
  } catch (error) {
    if (error instanceof EmbeddedDbError) throw error;
    throw new EmbeddedDbError(
      `Building FerretDB ${FERRETDB_VERSION} failed: ${(error as Error).message}\n` +
        "Check that the Go module proxy is reachable, or set MONGODB_URI to use an existing MongoDB.",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (installedVersion(binaryPath) !== FERRETDB_VERSION) {
    throw new EmbeddedDbError(`The FerretDB binary at ${binaryPath} does not report version ${FERRETDB_VERSION}.`);
  }
  log(`FerretDB ${FERRETDB_VERSION} built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return binaryPath;
}

function applyPatches(source: string): void {
  for (const patch of FERRETDB_PATCHES) {
    const file = path.join(source, patch.file);
    const text = readFileSync(file, "utf8");
    if (text.split(patch.from).length !== 2) throw new EmbeddedDbError(`Cannot patch FerretDB: ${patch.file} does not contain exactly one ${JSON.stringify(patch.from)}`);
    writeFileSync(file, text.replace(patch.from, patch.to));
  }
}

function makeWritable(dir: string): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stats = statSync(full);
    chmodSync(full, stats.mode | 0o200);
    if (stats.isDirectory()) makeWritable(full);
  }
  chmodSync(dir, statSync(dir).mode | 0o200);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface EmbeddedDb {
  /** Base URI without a database name, e.g. mongodb://127.0.0.1:PORT/ */
  uriFor(database: string): string;
  port: number;
  /** The FerretDB process's id now (it changes when the supervisor restarts it). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * The supervisor's restart delays: a FerretDB that dies is started again on the same port (so
 * the driver, which keeps trying that address, reconnects by itself) after 0.25 s, then
 * doubling up to 8 s while it keeps dying; a run of a minute resets the delay.
 */
export const RESTART_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000] as const;
const STABLE_RUN_MS = 60_000;
const READY_TIMEOUT_MS = 30_000;

/**
 * The watchdog around FerretDB (ADR 001, 013): prints FerretDB's pid, stops it when the
 * parent's pipe (stdin) closes — the parent asked, exited or was killed with -9 — and exits
 * with FerretDB's status when FerretDB ends by itself, so the parent can restart it. Started in
 * its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it in order.
 */
const WATCHDOG = [
  "exec 3<&0",
  '"$@" </dev/null &',
  "pid=$!",
  'echo "$pid"',
  '( read -r _ <&3; kill "$pid" 2>/dev/null ) &',
  "watcher=$!",
  'trap \'kill "$pid" 2>/dev/null\' TERM INT HUP',
  'wait "$pid"; status=$?',
  'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join("\n");

/** Who runs the FerretDB of a data directory, so other commands use it instead of a second one. */
const OWNER_FILE = "ferretdb-owner.json";
interface Owner {
  pid: number;
  port: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The FerretDB another live process runs on `dataDir`, if any. */
export async function runningEmbeddedDb(dataDir: string): Promise<Owner | null> {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), "utf8")) as Owner;
  } catch {
    return null;
  }
  if (owner.pid === process.pid || !isAlive(owner.pid) || !(await canConnect(owner.port))) return null;
  return owner;
}

export function embeddedUri(port: number, database: string): string {
  return `mongodb://127.0.0.1:${port}/${database}?retryWrites=false&directConnection=true`;
}

/**
 * Starts FerretDB on `dataDir` and keeps it running until `stop()`: if it dies it is restarted
 * (RESTART_DELAYS_MS), each time logged. Refuses a data directory another live process runs.
 */
export async function startEmbeddedDb(options: { dataDir: string; log?: Log }): Promise<EmbeddedDb> {
  const log = options.log ?? console.log;
  const binary = ensureFerretDbBinary(log);
  mkdirSync(options.dataDir, { recursive: true });
  const running = await runningEmbeddedDb(options.dataDir);
  if (running) {
    throw new EmbeddedDbError(
      `The embedded database in ${options.dataDir} is already run by process ${running.pid} (another npm start?). ` +
        "Stop that process first: two database servers on one data directory would corrupt it.",
    );
  }
  const args = (port: number) => [
    binary,
    "--handler=sqlite",
    `--sqlite-url=file:${options.dataDir.replace(/\/?$/, "/")}`,
    `--listen-addr=127.0.0.1:${port}`,
    "--state-dir=-",
    process.env.FERRETDB_DEBUG_ADDR ? `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR}` : "--debug-addr=-",
    "--telemetry=disable",
    "--log-level=error",
  ];

  let first: Running | null = null;
  let lastError = "";
  for (let attempt = 1; attempt <= 3 && !first; attempt++) {
    const started = await startFerretDb(args(await freePort()));
    if ("error" in started) lastError = started.error;
    else first = started;
  }
  if (!first) throw new EmbeddedDbError(`The embedded database did not start: ${lastError}`);
  const port = first.port;
  writeFileSync(path.join(options.dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid, port } satisfies Owner));

  let current: Running | null = first;
  let stopping = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const supervise = (run: Running) => {
    run.child.once("exit", (code, signal) => {
      if (current === run) current = null;
      if (stopping) return;
      if (Date.now() - run.startedAt > STABLE_RUN_MS) failures = 0;
      const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)]!;
      failures++;
      const how = signal ? `signal ${signal}` : code !== null && code > 128 ? `signal ${code - 128}` : `code ${code}`;
      const tail = run.stderr().trim().split("\n").slice(-3).join(" | ");
      log(`embedded database (FerretDB pid ${run.pid}) exited with ${how}${tail ? ` (${tail})` : ""}; restarting in ${delay} ms`);
      restartTimer = setTimeout(() => void restart(), delay);
    });
  };
  const restart = async () => {
    if (stopping) return;
    const started = await startFerretDb(args(port));
    if (stopping) {
      if (!("error" in started)) await stopChild(started.child);
      return;
    }
    if ("error" in started) {
      const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)]!;
      failures++;
      log(`embedded database did not restart (${started.error}); trying again in ${delay} ms`);
      restartTimer = setTimeout(() => void restart(), delay);
      return;
    }
    current = started;
    log(`embedded database restarted (FerretDB pid ${started.pid}, port ${port})`);
    supervise(started);
  };
  supervise(first);

  return {
    port,
    uriFor: (database) => embeddedUri(port, database),
    pid: () => current?.pid,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (current) await stopChild(current.child);
      rmSync(path.join(options.dataDir, OWNER_FILE), { force: true });
    },
  };
}

interface Running {
  child: ChildProcess;
  pid: number;
  port: number;
  startedAt: number;
  stderr(): string;
}

/** Starts FerretDB under the watchdog and waits until it accepts connections. */
async function startFerretDb(args: string[]): Promise<Running | { error: string }> {
  const port = Number(/--listen-addr=127\.0\.0\.1:(\d+)/.exec(args.join(" "))![1]);
  const child = spawn("/bin/sh", ["-c", WATCHDOG, "ferretdb-watchdog", ...args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    const pid = Number.parseInt(stdout, 10);
    if (pid > 0 && (await canConnect(port))) {
      return { child, pid, port, startedAt: Date.now(), stderr: () => stderr };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  return { error: stderr.trim() || (exited ? "FerretDB exited at start" : `FerretDB did not listen within ${READY_TIMEOUT_MS / 1000} s`) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // FerretDB stops in well under a second; if not, end the watchdog's whole group.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end(); // the watchdog's cue
  });
}
