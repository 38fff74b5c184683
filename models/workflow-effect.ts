import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Claims on the side effects of committed transitions (ADR 012). A claim's _id is derived from
 * (caseId, seq, name, attempt): inserting it is the only atomic step the embedded database offers,
 * so exactly one process holds each attempt. An attempt that is neither done nor younger than the
 * claim timeout (its process died, or its handler failed) is superseded by inserting the next
 * attempt, which again only one process can win. Handlers are idempotent, so a slow first attempt
 * running beside its successor changes nothing twice.
 */
const workflowEffectSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  name: { type: String, required: true },
  kind: { type: String, required: true },
  /** 0 for the first claim; rows written before attempts existed have none and count as 0. */
  attempt: { type: Number, default: 0 },
  claimedAt: { type: Date, required: true },
  doneAt: { type: Date },
  error: { type: String },
});
workflowEffectSchema.index({ caseId: 1, seq: 1 });

export type WorkflowEffectFields = InferSchemaType<typeof workflowEffectSchema>;
export const WorkflowEffect =
  (mongoose.models.WorkflowEffect as mongoose.Model<WorkflowEffectFields>) ?? mongoose.model("WorkflowEffect", workflowEffectSchema);
