/**
 * `npm run backup -- <folder>`: a consistent backup of the database (embedded or MONGODB_URI)
 * and the stored files under DATA_DIR/files, while the app runs; writes pause for the copy
 * (ADR 013, README "Backup and restore").
 */
import path from "node:path";
import { recordAudit } from "../app/audit/audit-trail.server";
import { backup } from "./lib/backup";
import { runCommand } from "./lib/database";
import { projectRoot } from "./lib/embedded-db";

const folder = process.argv[2];
if (!folder || process.argv.length > 3) {
  console.error("usage: npm run backup -- <folder>   (a new or empty folder)");
  process.exit(2);
}
const started = Date.now();
await runCommand("backup", async (database, env, log) => {
  const manifest = await backup({ folder, filesRoot: path.resolve(projectRoot, env.DATA_DIR, "files"), embedded: database.embedded, log });
  const documents = manifest.collections.reduce((n, c) => n + c.count, 0);
  const bytes = manifest.collections.reduce((n, c) => n + c.bytes, 0) + manifest.files.reduce((n, f) => n + f.bytes, 0);
  await recordAudit({
    actor: { username: "backup", displayName: "npm run backup", role: "system" },
    action: "backup.create",
    object: { kind: "backup", label: path.resolve(folder) },
    detail: { collections: manifest.collections.length, documents, files: manifest.files.length },
  });
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.collections.length} collections, ${documents} documents, ` +
      `${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB → ${path.resolve(folder)}`,
  );
});
