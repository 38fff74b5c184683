/**
 * Backup and restore through the driver, for the embedded database and MONGODB_URI alike
 * (ADR 013). A backup is a folder:
 *
 *   manifest.json            format, time, source, and per collection and per file the count,
 *                            size and SHA-256 (written last: a folder without it is incomplete)
 *   db/<collection>.ejson    one document per line, canonical Extended JSON (types kept exactly)
 *   files/…                  the stored files under DATA_DIR/files (temporary uploads left out)
 *
 * Consistency: the copy is taken during a write pause (app/maintenance/write-pause.server.ts):
 * every app process refuses new writes and reports when its writes in flight are done, so the
 * copy is one moment of the data, files included, without transactions.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { BSON, type Document, type IndexSpecification } from "mongodb";
import mongoose from "mongoose";
import { ensureIndexes } from "../../app/db.server";
import { pauseWrites } from "../../app/maintenance/write-pause.server";
import { AppInstance, MAINTENANCE_COLLECTIONS } from "../../models/maintenance";

export const BACKUP_FORMAT = "yinchuan-sop-backup/1";
const INSERT_BATCH = 1_000;

export interface CollectionEntry {
  name: string;
  file: string;
  count: number;
  bytes: number;
  sha256: string;
  /** Indexes other than _id, as listIndexes gave them; restore creates them again. */
  indexes: { name: string; key: Record<string, number | string>; unique?: boolean }[];
}

export interface FileEntry {
  /** Relative to the file store's root, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  source: { database: string; embedded: boolean };
  /** How long writes were paused for the copy. */
  pausedMs: number;
  collections: CollectionEntry[];
  files: FileEntry[];
}

type Log = (message: string) => void;

function db() {
  const connection = mongoose.connection.db;
  if (!connection) throw new Error("not connected");
  return connection;
}

async function businessCollections(): Promise<string[]> {
  const names = (await db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.filter((name) => !name.startsWith("system.") && !(MAINTENANCE_COLLECTIONS as readonly string[]).includes(name)).sort();
}

/** Every regular file under `root`, relative, sorted; `skip` names top-level folders to leave out. */
async function listFiles(root: string, skip: readonly string[] = []): Promise<string[]> {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join("/");
      if (dir === root && skip.includes(entry.name)) continue;
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(relative);
    }
  };
  await walk(root);
  return found.sort();
}

export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Copies a file, hashing what was read; the copy appears under its name only when complete. */
async function copyHashed(from: string, to: string): Promise<{ sha256: string; bytes: number }> {
  await mkdir(path.dirname(to), { recursive: true });
  const hash = createHash("sha256");
  let bytes = 0;
  const partial = `${to}.partial`;
  await pipeline(
    createReadStream(from),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(partial, { flags: "wx" }),
  );
  await rename(partial, to);
  return { sha256: hash.digest("hex"), bytes };
}

async function dumpCollection(name: string, folder: string): Promise<CollectionEntry> {
  const file = `db/${name}.ejson`;
  const hash = createHash("sha256");
  let count = 0;
  let bytes = 0;
  const out = createWriteStream(path.join(folder, file), { flags: "wx" });
  const collection = db().collection(name);
  await pipeline(
    (async function* () {
      for await (const doc of collection.find({})) {
        const line = Buffer.from(`${BSON.EJSON.stringify(doc, { relaxed: false })}\n`);
        hash.update(line);
        bytes += line.length;
        count++;
        yield line;
      }
    })(),
    out,
  );
  const indexes = (await collection.indexes())
    .filter((index) => index.name !== "_id_")
    .map((index) => ({ name: String(index.name), key: index.key as Record<string, number | string>, ...(index.unique ? { unique: true } : {}) }));
  return { name, file, count, bytes, sha256: hash.digest("hex"), indexes };
}

/**
 * Writes a backup of the connected database and the file store at `filesRoot` into `folder`
 * (which must be absent or empty), during a write pause.
 */
export async function backup(options: { folder: string; filesRoot: string; embedded: boolean; log?: Log }): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const folder = path.resolve(options.folder);
  if (existsSync(folder) && (await readdir(folder)).length > 0) throw new Error(`${folder} is not empty: a backup goes into a new or empty folder.`);
  await mkdir(path.join(folder, "db"), { recursive: true });
  await mkdir(path.join(folder, "files"), { recursive: true });

  const pauseStarted = Date.now();
  const pause = await pauseWrites("backup", { log });
  log(`writes paused (${Date.now() - pauseStarted} ms to settle)`);
  const collections: CollectionEntry[] = [];
  const files: FileEntry[] = [];
  try {
    for (const name of await businessCollections()) {
      const entry = await dumpCollection(name, folder);
      collections.push(entry);
      log(`  ${name}: ${entry.count} documents`);
    }
    for (const relative of await listFiles(options.filesRoot, ["tmp"])) {
      const { sha256, bytes } = await copyHashed(path.join(options.filesRoot, relative), path.join(folder, "files", relative));
      files.push({ path: relative, bytes, sha256 });
      // Stored files are named after their content: a mismatch means the store itself is damaged.
      const named = /^sha256\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(relative)?.[1];
      if (named && named !== sha256) log(`  warning: stored file ${relative} does not match its name (damaged on disk)`);
    }
  } finally {
    await pause.release();
  }
  const pausedMs = Date.now() - pauseStarted;
  log(`writes resumed after ${(pausedMs / 1000).toFixed(1)} s`);
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    source: { database: db().databaseName, embedded: options.embedded },
    pausedMs,
    collections,
    files,
  };
  await writeFile(path.join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });
  return manifest;
}

export async function readManifest(folder: string): Promise<Manifest> {
  const file = path.join(folder, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: not a backup, or the backup did not finish.`);
  const manifest = JSON.parse(await readFile(file, "utf8")) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`Unknown backup format ${JSON.stringify(manifest.format)} (expected ${BACKUP_FORMAT}).`);
  return manifest;
}

/** Checks every file of a backup against its manifest; returns the problems (none: intact). */
export async function verifyBackup(folder: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const check = async (relative: string, expected: { sha256: string; bytes: number }) => {
    const file = path.join(folder, relative);
    if (!existsSync(file)) {
      problems.push(`${relative}: missing`);
      return;
    }
    const actual = await sha256OfFile(file);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) problems.push(`${relative}: SHA-256 or size differs from the manifest`);
  };
  for (const entry of manifest.collections) await check(entry.file, entry);
  for (const entry of manifest.files) await check(`files/${entry.path}`, entry);
  return problems;
}

/** What the target already holds: collections with documents, stored files, live app processes. */
export async function targetContents(filesRoot: string): Promise<{ collections: string[]; files: number; liveApps: string[] }> {
  const collections: string[] = [];
  for (const name of await businessCollections()) {
    if ((await db().collection(name).findOne({}, { projection: { _id: 1 } })) !== null) collections.push(name);
  }
  const liveApps = (await AppInstance.find({ seenAt: mongoose.trusted({ $gt: new Date(Date.now() - 15_000) }) }, { _id: 1 }).lean()).map((row) => row._id);
  return { collections, files: (await listFiles(filesRoot, ["tmp"])).length, liveApps };
}

/**
 * Restores a verified backup into the connected database and the file store at `filesRoot`.
 * The target must be empty unless `force`, which first drops every collection and stored file.
 */
export async function restore(options: { folder: string; filesRoot: string; force?: boolean; log?: Log }): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const folder = path.resolve(options.folder);
  const manifest = await readManifest(folder);
  const problems = await verifyBackup(folder, manifest);
  if (problems.length > 0) throw new Error(`The backup does not match its manifest; nothing was restored:\n  ${problems.join("\n  ")}`);
  log(`backup of ${manifest.createdAt} verified: ${manifest.collections.length} collections, ${manifest.files.length} files`);

  const existing = await targetContents(options.filesRoot);
  if (existing.liveApps.length > 0) throw new Error(`The app is running on this database (${existing.liveApps.join(", ")}): stop it before restoring.`);
  if (existing.collections.length > 0 || existing.files > 0) {
    const what = `${existing.collections.length} collections with documents (${existing.collections.join(", ")}) and ${existing.files} stored files`;
    if (!options.force) throw new Error(`The target is not empty: ${what}. Restore into an empty database and file store, or pass --force to replace them.`);
    log(`--force: removing ${what}`);
    for (const name of await businessCollections()) await db().collection(name).drop();
    for (const relative of await listFiles(options.filesRoot, ["tmp"])) await rm(path.join(options.filesRoot, relative));
  }

  for (const entry of manifest.collections) {
    const collection = db().collection(entry.name);
    await db().createCollection(entry.name).catch((error: { codeName?: string }) => {
      if (error.codeName !== "NamespaceExists") throw error;
    });
    let batch: Document[] = [];
    const lines = createInterface({ input: createReadStream(path.join(folder, entry.file)), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      batch.push(BSON.EJSON.parse(line, { relaxed: false }) as Document);
      if (batch.length >= INSERT_BATCH) {
        await collection.insertMany(batch, { ordered: true });
        batch = [];
      }
    }
    if (batch.length > 0) await collection.insertMany(batch, { ordered: true });
    for (const index of entry.indexes) await collection.createIndex(index.key as IndexSpecification, { name: index.name, unique: index.unique ?? false });
    log(`  ${entry.name}: ${entry.count} documents`);
  }
  await ensureIndexes(); // and whatever the models declare now

  for (const entry of manifest.files) {
    const target = path.join(options.filesRoot, ...entry.path.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(folder, "files", ...entry.path.split("/")), `${target}.partial`);
    await rename(`${target}.partial`, target);
  }

  const mismatches: string[] = [];
  for (const entry of manifest.collections) {
    const count = await db().collection(entry.name).countDocuments({});
    if (count !== entry.count) mismatches.push(`${entry.name}: ${count} documents, the backup has ${entry.count}`);
  }
  for (const entry of manifest.files) {
    const stored = await stat(path.join(options.filesRoot, ...entry.path.split("/"))).catch(() => null);
    if (stored?.size !== entry.bytes) mismatches.push(`${entry.path}: not restored whole`);
  }
  if (mismatches.length > 0) throw new Error(`The restored data differs from the backup:\n  ${mismatches.join("\n  ")}`);
  return manifest;
}
