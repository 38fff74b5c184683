/**
 * Workflow decisions are already recorded in the transition log (who, when, event, from, to,
 * why). The audit trail links each person's decision instead of copying it: a
 * `workflow.decision` record names the log row and carries the SM3 of the row as stored, so
 * the chain vouches for the row and `npm run audit:verify` notices a row changed or removed
 * later (ADR 016). System steps (deadlines swept by the timer) are not decisions of a person
 * and are not linked.
 */
import type { Types } from "mongoose";
import { WorkflowTransition, type WorkflowTransitionFields } from "@models/workflow-transition";
import { recordAudit } from "./audit-trail.server";
import { canonicalJson, sm3Hex } from "./chain.server";

/** The SM3 of a log row as stored: what happened, by whom, when (not the machine's snapshot). */
export function transitionDigest(row: Pick<WorkflowTransitionFields, "caseId" | "seq" | "kind" | "event" | "payload" | "actor" | "from" | "to" | "comment" | "at"> & { _id: unknown }): string {
  const { _id, caseId, seq, kind, event, payload, actor, from, to, comment, at } = row;
  // Through JSON first: ObjectIds become hex, dates ISO text, as on every read.
  return sm3Hex(canonicalJson(JSON.parse(JSON.stringify({ _id, caseId, seq, kind, event, payload, actor, from, to, comment, at }))));
}

/** Appends the audit link of a committed transition (read back, so the digest is of the row as stored). */
export async function linkWorkflowDecision(transitionId: Types.ObjectId): Promise<void> {
  const row = await WorkflowTransition.findById(transitionId).lean();
  if (!row?.actor.userId) return;
  await recordAudit({
    actor: { id: String(row.actor.userId), displayName: row.actor.name, role: row.actor.role },
    action: "workflow.decision",
    object: { kind: row.kind, id: String(row.caseId), label: row.event },
    detail: { seq: row.seq, event: row.event, from: row.from ?? "", to: row.to, transitionId: String(row._id), transitionHash: transitionDigest(row) },
  });
}
