/**
 * GET /healthz for load balancers and supervisors: 200 when the database is up and answers a
 * ping within a second and the local file store is writable, else 503; the JSON says which part
 * failed and why.
 * Cheap enough to poll every few seconds (one ping, one access check).
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import type { Request, Response } from "express";
import { localStore } from "~/attachments/storage.server";
import { pingDatabase } from "~/db-health.server";
import { writesPaused } from "~/maintenance/write-pause.server";

const PING_TIMEOUT_MS = 1_000;

async function checkFileStore(): Promise<{ ok: true } | { ok: false; error: string }> {
  const root = localStore().root;
  try {
    await mkdir(root, { recursive: true });
    await access(root, constants.W_OK);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

export async function healthz(_req: Request, res: Response) {
  const [database, files] = await Promise.all([pingDatabase(PING_TIMEOUT_MS), checkFileStore()]);
  const healthy = database.ok && files.ok;
  res
    .status(healthy ? 200 : 503)
    .set("Cache-Control", "no-store")
    .json({ status: healthy ? "ok" : "unavailable", database, files, writes: writesPaused() ? "paused" : "open" });
}
