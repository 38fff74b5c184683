/**
 * `npm run restore -- <folder> [--force]`: verifies a backup against its manifest, then
 * restores it into an empty database and file store (the ones the app would use: MONGODB_URI or
 * DATA_DIR) and rebuilds the indexes. `--force` replaces what the target holds. Stop the app first.
 */
import path from "node:path";
import { recordAudit } from "../app/audit/audit-trail.server";
import { restore } from "./lib/backup";
import { runCommand } from "./lib/database";
import { projectRoot } from "./lib/embedded-db";

const args = process.argv.slice(2);
const force = args.includes("--force");
const folders = args.filter((arg) => arg !== "--force");
if (folders.length !== 1 || folders[0]!.startsWith("-")) {
  console.error("usage: npm run restore -- <backup folder> [--force]");
  process.exit(2);
}
const started = Date.now();
await runCommand("restore", async (_database, env, log) => {
  const manifest = await restore({ folder: folders[0]!, filesRoot: path.resolve(projectRoot, env.DATA_DIR, "files"), force, log });
  const documents = manifest.collections.reduce((n, c) => n + c.count, 0);
  // Recorded in the restored trail, so the chain itself shows when its data came back.
  await recordAudit({
    actor: { username: "restore", displayName: "npm run restore", role: "system" },
    action: "backup.restore",
    object: { kind: "backup", label: path.resolve(folders[0]!) },
    detail: { documents, files: manifest.files.length, force },
  });
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${documents} documents and ${manifest.files.length} files restored and checked; indexes rebuilt.`);
});
