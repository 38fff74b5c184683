/**
 * The embedded database: FerretDB v1.24.2 with its SQLite backend (ADR 001).
 *
 * Built once from the module proxy into the git-ignored `.cache/ferretdb/`, reused while its
 * version matches, started on a free loopback port and stopped with its parent. The child runs
 * under a small shell watchdog that reads the parent's pipe: when the parent exits for any
 * reason (Ctrl-C, a crash, SIGKILL), the pipe closes and the watchdog stops FerretDB, so no
 * orphan is ever left behind.
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

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

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
  stop(): Promise<void>;
}

// The watchdog: ignore Ctrl-C itself (the parent decides), stop FerretDB when the parent's
// pipe closes or when asked with TERM.
const WATCHDOG = 'trap "" INT; "$@" & pid=$!; trap \'kill $pid 2>/dev/null; wait $pid; exit 0\' TERM; read -r _; kill $pid 2>/dev/null; wait $pid';

export async function startEmbeddedDb(options: { dataDir: string; log?: Log }): Promise<EmbeddedDb> {
  const log = options.log ?? console.log;
  const binary = ensureFerretDbBinary(log);
  mkdirSync(options.dataDir, { recursive: true });

  let lastError = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      "/bin/sh",
      [
        "-c",
        WATCHDOG,
        "ferretdb-watchdog",
        binary,
        "--handler=sqlite",
        `--sqlite-url=file:${options.dataDir.replace(/\/?$/, "/")}`,
        `--listen-addr=127.0.0.1:${port}`,
        "--state-dir=-",
        process.env.FERRETDB_DEBUG_ADDR ? `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR}` : "--debug-addr=-",
        "--telemetry=disable",
        "--log-level=error",
      ],
      { stdio: ["pipe", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let exited = false;
    child.once("exit", () => (exited = true));

    const deadline = Date.now() + 30_000;
    while (!exited && Date.now() < deadline) {
      if (await canConnect(port)) return handle(child, port);
      await new Promise((r) => setTimeout(r, 100));
    }
    lastError = stderr.trim() || (exited ? "FerretDB exited at start" : "FerretDB did not listen within 30 s");
    await stopChild(child);
  }
  throw new EmbeddedDbError(`The embedded database did not start: ${lastError}`);
}

function handle(child: ChildProcess, port: number): EmbeddedDb {
  return {
    port,
    uriFor: (database) => `mongodb://127.0.0.1:${port}/${database}?retryWrites=false&directConnection=true`,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end(); // the watchdog's cue
  });
}
