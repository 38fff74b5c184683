import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * The workflow outbox: one row per attempted transition, written before its log row (ADR 012).
 * A row says "if the log row (caseId, seq) carries this nonce, this step is committed and owes
 * these effects and a cache write". It is deleted once the step is settled (cache at or past it,
 * every effect done), or once another writer's row holds the slot. Recovery reads only this
 * collection, which holds what is in flight or owed, never the whole log.
 */
const workflowPendingStepSchema = new Schema(
  {
    /** Derived from (caseId, seq, nonce) (engine's pendingStepId): two writers of one seq never collide here. */
    _id: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true, min: 1 },
    /** Random per attempt; the log row of the attempt that won carries the same value. */
    nonce: { type: String, required: true, maxlength: 64 },
    kind: { type: String, required: true },
    /** The machine's side-effect actions this step owes, in the order they run. */
    effects: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
workflowPendingStepSchema.index({ caseId: 1, seq: 1 });

export type WorkflowPendingStepFields = InferSchemaType<typeof workflowPendingStepSchema>;
export const WorkflowPendingStep =
  (mongoose.models.WorkflowPendingStep as mongoose.Model<WorkflowPendingStepFields>) ?? mongoose.model("WorkflowPendingStep", workflowPendingStepSchema);
