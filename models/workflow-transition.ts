import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * The transition log: one row per state change, unique on (caseId, seq). Inserting row n+1 is
 * the serialization point — exactly one concurrent writer wins, the others get a duplicate-key
 * conflict. It is also the audit trail: who, when, event, from, to, why.
 */
const actorSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: "User" },
    name: { type: String, required: true },
    role: { type: String, required: true },
  },
  { _id: false },
);

const workflowTransitionSchema = new Schema({
  /** Derived from (caseId, seq) (engine's transitionId): finding the row after a given one is an _id lookup. */
  _id: { type: Schema.Types.ObjectId, required: true },
  caseId: { type: Schema.Types.ObjectId, required: true, ref: "WorkflowCase" },
  seq: { type: Number, required: true, min: 0 },
  kind: { type: String, required: true },
  event: { type: String, required: true },
  payload: { type: Schema.Types.Mixed, default: {} },
  actor: { type: actorSchema, required: true },
  from: { type: String, default: "" }, // empty for the creation row
  to: { type: String, required: true },
  comment: { type: String, default: "", maxlength: 2000 },
  snapshot: { type: Schema.Types.Mixed, required: true },
  machineVersion: { type: Number, required: true },
  at: { type: Date, required: true },
  /**
   * The attempt that won this seq (ADR 012): its outbox row (WorkflowPendingStep) carries the same
   * value, so a losing writer's outbox rows are told apart and dropped. Empty on rows written
   * before the outbox existed.
   */
  nonce: { type: String, default: "" },
  /** The side effects this step owes (the machine's effect actions); absent on older rows. */
  effects: { type: [String], default: undefined },
}, { minimize: false }); // keep empty payloads and snapshots as written
workflowTransitionSchema.index({ caseId: 1, seq: 1 }, { unique: true });
workflowTransitionSchema.index({ at: -1 });

export type WorkflowTransitionFields = InferSchemaType<typeof workflowTransitionSchema>;
export const WorkflowTransition =
  (mongoose.models.WorkflowTransition as mongoose.Model<WorkflowTransitionFields>) ??
  mongoose.model("WorkflowTransition", workflowTransitionSchema);
