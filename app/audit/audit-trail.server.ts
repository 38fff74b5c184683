/**
 * The one way to write the security audit trail: `recordAudit({...})` (ADR 016). Each record
 * says who (account, role), when, from which address, what, on which object and the outcome,
 * and carries the SM3 hash of the record before it.
 *
 * Appending is the transition log's pattern (ADR 005): record n+1 is an insert with
 * `_id: n+1`, so of two writers extending the chain from record n exactly one wins; the other
 * reads the winner's record by `_id` and tries n+2. Each process remembers the chain's tail, so
 * an append costs one insert; appends in one process are queued, so they never race each other.
 */
import { AuditRecord } from "@models/audit-record";
import { isDuplicateKeyError } from "~/db.server";
import { requestClientAddress } from "~/http/request-scope.server";
import type { AuditAction, AuditOutcome } from "./actions";
import { GENESIS_HASH, recordHash, type ChainedFields } from "./chain.server";

/** Who acted: a signed-in user (SessionUser fits), an account named in a sign-in, or the system. */
export interface AuditActorInput {
  id?: string | null;
  username?: string;
  displayName?: string;
  role: string;
}

export const SYSTEM_AUDIT_ACTOR: AuditActorInput = { id: null, username: "system", displayName: "系统", role: "system" };

export interface AuditEntry {
  actor: AuditActorInput;
  action: AuditAction;
  object?: { kind: string; id?: string; label?: string };
  outcome?: AuditOutcome;
  /** Small facts (what changed, a reason, a count); values are stored as text. */
  detail?: Record<string, string | number | boolean | null | undefined>;
  /** Defaults to the address of the request being served. */
  address?: string;
  at?: Date;
}

interface Tail {
  seq: number;
  hash: string;
}

/** Shared by the module's copies in one process (the server from source, the Remix build). */
type ChainState = { tail: Tail | null; queue: Promise<unknown> };
const STATE_KEY = Symbol.for("yinchuan-sop.audit-chain");
const globals = globalThis as unknown as Record<symbol, ChainState | undefined>;
const state: ChainState = (globals[STATE_KEY] ??= { tail: null, queue: Promise.resolve() });

/** Forget the remembered tail (tests that rewrite the collection behind the app's back). */
export function forgetAuditTail(): void {
  state.tail = null;
}

async function recordExists(seq: number): Promise<boolean> {
  return (await AuditRecord.exists({ _id: seq })) !== null;
}

/**
 * The last record's number, found with `_id` lookups only, from a record known to exist (0: none):
 * gallop forward doubling the step, then halve (log₂ n lookups).
 */
async function lastSeqFrom(known: number): Promise<number> {
  let present = known;
  let step = 1;
  while (await recordExists(present + step)) {
    present += step;
    step *= 2;
  }
  let absent = present + step;
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await recordExists(middle)) present = middle;
    else absent = middle;
  }
  return present;
}

async function discoverTail(): Promise<Tail> {
  const seq = await lastSeqFrom(0);
  if (seq === 0) return { seq: 0, hash: GENESIS_HASH };
  const row = await AuditRecord.findById(seq, { hash: 1 }).lean();
  return { seq, hash: row!.hash };
}

/** How many records the trail holds now (other processes' appends included). */
export async function auditTail(): Promise<number> {
  return lastSeqFrom(state.tail?.seq ?? 0);
}

function detailText(detail: AuditEntry["detail"]): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(detail ?? {})) {
    if (value === undefined || value === null) continue;
    // Keys become field names in the database: no dots, no leading $.
    text[key.replace(/[.$]/g, "_")] = String(value).slice(0, 2000);
  }
  return text;
}

async function append(fields: Omit<ChainedFields, "seq" | "prevHash">): Promise<Tail> {
  for (;;) {
    const tail = (state.tail ??= await discoverTail());
    const seq = tail.seq + 1;
    const chained: ChainedFields = { ...fields, seq, prevHash: tail.hash };
    const hash = recordHash(chained);
    const { seq: _seq, ...stored } = chained;
    try {
      await AuditRecord.create({ _id: seq, ...stored, outcome: stored.outcome as AuditOutcome, hash });
      state.tail = { seq, hash };
      return state.tail;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Another process appended record `seq`: continue from it.
      const winner = await AuditRecord.findById(seq, { hash: 1 }).lean();
      state.tail = winner ? { seq, hash: winner.hash } : null;
    }
  }
}

/**
 * Appends one record to the audit trail and answers its place in the chain. Throws if the
 * record cannot be written: an event that must be audited should not pass unrecorded.
 */
export function recordAudit(entry: AuditEntry): Promise<Tail> {
  const fields: Omit<ChainedFields, "seq" | "prevHash"> = {
    at: entry.at ?? new Date(),
    actor: {
      userId: entry.actor.id ?? "",
      username: entry.actor.username ?? "",
      displayName: entry.actor.displayName ?? "",
      role: entry.actor.role,
    },
    address: (entry.address ?? requestClientAddress()).slice(0, 100),
    action: entry.action,
    object: { kind: entry.object?.kind ?? "", id: entry.object?.id ?? "", label: (entry.object?.label ?? "").slice(0, 200) },
    outcome: entry.outcome ?? "success",
    detail: detailText(entry.detail),
  };
  const appended = state.queue.then(() => append(fields));
  state.queue = appended.catch(() => undefined);
  return appended;
}
