/**
 * The SM3 hash chain of the audit trail (GB/T 32905-2016 SM3, from Node's OpenSSL). A record's
 * hash covers every field of the record and the previous record's hash, so changing, removing
 * or slipping in a record anywhere breaks the chain from that record on.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export function sm3Hex(text: string): string {
  return createHash("sm3").update(text, "utf8").digest("hex");
}

export interface ChainedFields {
  seq: number;
  at: Date;
  actor: { userId: string; username: string; displayName: string; role: string };
  address: string;
  action: string;
  object: { kind: string; id: string; label: string };
  outcome: string;
  detail: Record<string, string>;
  prevHash: string;
}

/** JSON with object keys sorted, so the same record always hashes the same however it was read. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function recordHash(fields: ChainedFields): string {
  const { seq, at, actor, address, action, object, outcome, detail, prevHash } = fields;
  return sm3Hex(
    canonicalJson({
      seq,
      at: at.toISOString(),
      actor: { userId: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role },
      address,
      action,
      object: { kind: object.kind, id: object.id, label: object.label },
      outcome,
      detail,
      prevHash,
    }),
  );
}
