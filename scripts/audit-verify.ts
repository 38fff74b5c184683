/**
 * `npm run audit:verify`: walks the audit trail's SM3 hash chain from the first record and names
 * the first broken one (changed, deleted, slipped in, relinked, or a workflow decision whose
 * transition-log row changed). Exits 0 when the chain is whole, 1 when it is broken. Prints the
 * head (last record and its hash): keep it somewhere else (a daily note, a ticket), so that
 * records cut off the end would show too. Also lists people's workflow decisions that have no
 * link in the trail (a process that died between the two writes). Read-only.
 */
import mongoose from "mongoose";
import { verifyAuditChain } from "../app/audit/verify.server";
import { connectDatabase, disconnectDatabase } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { WorkflowTransition } from "../models/workflow-transition";
import { resolveDatabase } from "./lib/database";

const REASONS = {
  changed: "its content no longer matches its hash (changed)",
  missing: "it is missing (deleted)",
  inserted: "it does not belong in the chain (inserted, or out of place)",
  relinked: "its previous-record hash does not match the record before it (that record or this one was replaced)",
  linkChanged: "the workflow decision it links has changed in the transition log",
  linkMissing: "the workflow decision it links is gone from the transition log",
} as const;

const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR });
try {
  await connectDatabase(database.uri);
  const linked = new Set<string>();
  const verdict = await verifyAuditChain({ linked, onProgress: (n) => console.log(`… ${n} records checked`) });
  if (verdict.ok) {
    console.log(`Audit trail intact: ${verdict.checked} records checked in ${verdict.durationMs} ms.`);
    console.log(verdict.head ? `Head: record ${verdict.head.seq}, SM3 ${verdict.head.hash}` : "The trail is empty.");
    const decisions = await WorkflowTransition.find({ "actor.userId": mongoose.trusted({ $exists: true }), seq: mongoose.trusted({ $gt: 0 }) }, { _id: 1, at: 1 }).lean();
    const unlinked = decisions.filter((d) => !linked.has(String(d._id)));
    if (unlinked.length) console.log(`${unlinked.length} workflow decisions by people have no audit link (made before the trail existed, or the link's write failed); the first: ${String(unlinked[0]!._id)} at ${unlinked[0]!.at.toISOString()}.`);
  } else {
    const broken = verdict.broken!;
    console.error(`Audit trail BROKEN at record ${broken.seq}: ${REASONS[broken.reason]}. ${verdict.checked} records before it are intact.`);
    process.exitCode = 1;
  }
} finally {
  await disconnectDatabase();
  await database.stop();
}
