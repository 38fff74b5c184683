/**
 * Walks the audit trail from its first record and names the first one that breaks the chain:
 * a record whose content no longer matches its hash (changed), a gap in the numbering
 * (deleted), a record out of place (slipped in), or a record whose "previous hash" is not the
 * hash of the record before it (one of the two was replaced). Workflow decisions are links to
 * the transition log (ADR 016): each link's SM3 of the log row is checked against the row too.
 * Used by `npm run audit:verify` and the audit administrator's page.
 */
import { AuditRecord } from "@models/audit-record";
import { WorkflowTransition } from "@models/workflow-transition";
import { GENESIS_HASH, recordHash } from "./chain.server";
import type { BreakReason } from "./actions";
import { transitionDigest } from "./workflow-link.server";

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  /** The first record that breaks the chain. */
  broken?: { seq: number; reason: BreakReason };
  durationMs: number;
}

export async function verifyAuditChain(
  options: {
    onProgress?: (checked: number) => void | Promise<void>;
    /** Records between progress reports. */
    progressEvery?: number;
    checkLinks?: boolean;
    /** Filled with the linked transition ids. */
    linked?: Set<string>;
  } = {},
): Promise<ChainVerdict> {
  const started = Date.now();
  const checkLinks = options.checkLinks ?? true;
  let expected = 1;
  let previousHash = GENESIS_HASH;
  let head: ChainVerdict["head"] = null;
  let checked = 0;
  const done = (broken?: ChainVerdict["broken"]): ChainVerdict => ({ ok: !broken, checked, head, broken, durationMs: Date.now() - started });

  const cursor = AuditRecord.find({}).sort({ _id: 1 }).lean().cursor({ batchSize: 1000 });
  try {
    for await (const row of cursor) {
      const seq = row._id;
      if (!Number.isInteger(seq) || seq < expected) return done({ seq, reason: "inserted" });
      if (seq > expected) return done({ seq: expected, reason: "missing" });
      if (row.prevHash !== previousHash) return done({ seq, reason: "relinked" });
      const hash = recordHash({
        seq,
        at: row.at,
        actor: { userId: row.actor.userId ?? "", username: row.actor.username ?? "", displayName: row.actor.displayName ?? "", role: row.actor.role },
        address: row.address ?? "",
        action: row.action,
        object: { kind: row.object?.kind ?? "", id: row.object?.id ?? "", label: row.object?.label ?? "" },
        outcome: row.outcome,
        detail: (row.detail ?? {}) as Record<string, string>,
        prevHash: row.prevHash,
      });
      if (hash !== row.hash) return done({ seq, reason: "changed" });
      if (checkLinks && row.action === "workflow.decision") {
        const detail = row.detail as { transitionId?: string; transitionHash?: string };
        const logged = detail.transitionId ? await WorkflowTransition.findById(detail.transitionId).lean() : null;
        if (!logged) return done({ seq, reason: "linkMissing" });
        if (transitionDigest(logged) !== detail.transitionHash) return done({ seq, reason: "linkChanged" });
        options.linked?.add(String(logged._id));
      }
      previousHash = row.hash;
      head = { seq, hash: row.hash };
      expected = seq + 1;
      checked++;
      if (checked % (options.progressEvery ?? 10_000) === 0) await options.onProgress?.(checked);
    }
  } finally {
    await cursor.close();
  }
  return done();
}
