/**
 * The backup → restore drill, with the real commands: `npm run backup` while the app runs and a
 * regulator keeps saving, `npm run restore` into an empty DATA_DIR, then a second app on the
 * restored data. Counts and file hashes equal the manifest, the backup holds every confirmed
 * save and no half of one, and the restored app serves the same register (ADR 013).
 */
import { AuditRecord } from "@models/audit-record";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Organization } from "@models/organization";
import { factsOfDocument, ORGANIZATION_PROJECTION } from "~/register/organization-facts.server";
import { factsToInput } from "~/register/organization-fields";
import { freePort, startAppProcess, type AppProcess } from "../../scripts/lib/app-process";
import { sha256OfFile, type Manifest } from "../../scripts/lib/backup";
import { embeddedUri, projectRoot, runningEmbeddedDb } from "../../scripts/lib/embedded-db";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

let root: string;
let original: AppProcess | undefined;
let restored: AppProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "sop-ops-backup-"));
  cpSync(inject("seededDataDir"), path.join(root, "original"), { recursive: true });
});

afterAll(async () => {
  await mongoose.disconnect();
  await original?.stop();
  await restored?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs an npm script as an operator would, with DATA_DIR set; `onLine` sees its output as it comes. */
function npmRun(script: string, args: string[], dataDir: string, onLine: (line: string) => void = () => {}): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test" };
  delete env.MONGODB_URI;
  const child = spawn("npm", ["run", "-s", script, "--", ...args], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split("\n")) if (line) onLine(line);
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

/** The register as the open-data API serves it, every page. */
async function register(baseUrl: string): Promise<unknown[]> {
  const pages: unknown[] = [];
  for (let page = 1; ; page++) {
    const body = (await (await fetch(`${baseUrl}/api/v1/organizations?page=${page}&pageSize=100`)).json()) as { total: number; items: unknown[] };
    pages.push(...body.items);
    if (page * 100 >= body.total) break;
  }
  const lists = await (await fetch(`${baseUrl}/api/v1/credit-lists?list=abnormal`)).json();
  return [...pages, lists];
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe.skipIf(Boolean(process.env.MONGODB_URI))("backup and restore", () => {
  it("backs up while the app runs and saves go on, and restores into an empty DATA_DIR an app that serves the same register", async () => {
    const originalDir = path.join(root, "original");
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    original = await startAppProcess({ port, env: { MONGODB_URI: undefined, DATA_DIR: originalDir, SEED_DEMO: "never" } });
    const dbPort = (await runningEmbeddedDb(path.join(originalDir, "db")))!.port;
    await mongoose.connect(embeddedUri(dbPort, "social_orgs"), { serverSelectionTimeoutMS: 5_000 });
    const organizations = await Organization.find({ status: "registered" }, ORGANIZATION_PROJECTION).limit(2).lean();
    const cookie = cookiesOf(await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD }));

    // A regulator saves the domicile of two organizations again and again until the pause is in place.
    let paused = false;
    const saves: { id: string; domicile: string; status: number }[] = [];
    const editor = async (o: (typeof organizations)[number]) => {
      const input = factsToInput(factsOfDocument(o)) as Record<string, string>;
      for (let n = 1; !paused; n++) {
        const domicile = `银川市兴庆区备份演练路${n}号`;
        const response = await postForm(baseUrl, `/regulator/organizations/${String(o._id)}?index`, { ...input, domicile, reason: "备份演练" }, { cookie });
        saves.push({ id: String(o._id), domicile, status: response.status });
      }
    };
    const editing = Promise.all(organizations.map(editor));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const backupDir = path.join(root, "backup");
    const backup = await npmRun("backup", [backupDir], originalDir, (line) => {
      if (line.includes("writes paused")) paused = true; // no save is sent once every process holds still
    });
    paused = true;
    await editing;
    expect(backup.code, backup.output).toBe(0);
    expect(saves.map((s) => s.status).filter((s) => s !== 302 && s !== 503)).toEqual([]);
    expect(saves.filter((s) => s.status === 302).length).toBeGreaterThan(0);

    // The manifest matches the files, and the backup holds every confirmed save, none half.
    const manifest = JSON.parse(readFileSync(path.join(backupDir, "manifest.json"), "utf8")) as Manifest;
    for (const entry of [...manifest.collections.map((c) => ({ file: c.file, sha256: c.sha256 })), ...manifest.files.map((f) => ({ file: `files/${f.path}`, sha256: f.sha256 }))]) {
      expect((await sha256OfFile(path.join(backupDir, entry.file))).sha256, entry.file).toBe(entry.sha256);
    }
    expect(manifest.files.length).toBeGreaterThan(0);
    const backedUp = lines(path.join(backupDir, "db", "organizations.ejson"));
    const changes = lines(path.join(backupDir, "db", "organizationchanges.ejson")).filter((c) => c.reason === "备份演练");
    for (const o of organizations) {
      const id = String(o._id);
      const domicile = backedUp.find((b) => (b._id as { $oid: string }).$oid === id)!.domicile;
      const recorded = changes
        .filter((c) => (c.organizationId as { $oid: string }).$oid === id)
        .map((c) => (c.fields as { field: string; after: string }[]).find((f) => f.field === "domicile")!.after);
      expect(recorded.at(-1) ?? o.domicile).toBe(domicile);
      for (const save of saves.filter((s) => s.id === id && s.status === 302)) expect(recorded).toContain(save.domicile);
    }
    const registerBefore = await register(baseUrl);

    // Restore into an empty DATA_DIR; a second restore there is refused.
    const restoredDir = path.join(root, "restored");
    const restore = await npmRun("restore", [backupDir], restoredDir);
    expect(restore.code, restore.output).toBe(0);
    const again = await npmRun("restore", [backupDir], restoredDir);
    expect(again.code).toBe(1);
    expect(again.output).toContain("not empty");
    for (const entry of manifest.files) {
      const file = path.join(restoredDir, "files", ...entry.path.split("/"));
      expect(existsSync(file) && (await sha256OfFile(file)).sha256, entry.path).toBe(entry.sha256);
    }

    const said = (output: string, pattern: RegExp) => pattern.exec(output)?.[0] ?? "?";
    console.log(
      `backup: ${said(backup.output, /writes paused \(\d+ ms to settle\)/)}, ${said(backup.output, /writes resumed after [\d.]+ s/)}; ` +
        `${saves.filter((s) => s.status === 302).length} saves confirmed, ${saves.filter((s) => s.status === 503).length} answered 503 during the pause; ` +
        `restore ${said(restore.output, /done in [\d.]+ s: \d+ documents and \d+ files/)}`,
    );

    const restoredPort = await freePort();
    restored = await startAppProcess({ port: restoredPort, env: { MONGODB_URI: undefined, DATA_DIR: restoredDir, SEED_DEMO: "never" } });
    const restoredDb = (await runningEmbeddedDb(path.join(restoredDir, "db")))!.port;
    const connection = await mongoose.createConnection(embeddedUri(restoredDb, "social_orgs"), { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      // The restore appends its own audit record to the trail it brought back; nothing else changed.
      const audit = AuditRecord.collection.collectionName;
      for (const entry of manifest.collections) {
        expect(await connection.collection(entry.name).countDocuments({}), entry.name).toBe(entry.count + (entry.name === audit ? 1 : 0));
      }
      const [last] = await connection.collection(audit).find({}).sort({ _id: -1 }).limit(1).toArray();
      expect(last?.action).toBe("backup.restore");
    } finally {
      await connection.close();
    }
    expect(await register(`http://127.0.0.1:${restoredPort}`)).toEqual(registerBefore);
    // A file stored before the backup downloads from the restored app with the same bytes.
    const regulator = cookiesOf(await postForm(`http://127.0.0.1:${restoredPort}`, "/login", { username: "regulator", password: DEMO_PASSWORD }));
    const attachment = lines(path.join(backupDir, "db", "attachments.ejson")).find((a) => a.adapter === "local")!;
    const download = await fetch(`http://127.0.0.1:${restoredPort}/files/${(attachment._id as { $oid: string }).$oid}`, { headers: { Cookie: regulator } });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(manifest.files.map((f) => f.sha256)).toContain((await import("node:crypto")).createHash("sha256").update(bytes).digest("hex"));
    // Two app starts, two commands, a copy of the demo data: about a minute on a quiet machine, three on a busy one.
  }, 360_000);
});
