import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Side effects of a transition, run after commit. The unique (caseId, seq, name) claim makes
 * each effect run once per transition; `doneAt` stays empty if the process died mid-way, and
 * the sweeper runs it again (effects are written to be idempotent).
 */
const workflowEffectSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  name: { type: String, required: true },
  kind: { type: String, required: true },
  claimedAt: { type: Date, required: true },
  doneAt: { type: Date },
  error: { type: String },
});
workflowEffectSchema.index({ caseId: 1, seq: 1, name: 1 }, { unique: true });
workflowEffectSchema.index({ doneAt: 1, claimedAt: 1 });

export type WorkflowEffectFields = InferSchemaType<typeof workflowEffectSchema>;
export const WorkflowEffect =
  (mongoose.models.WorkflowEffect as mongoose.Model<WorkflowEffectFields>) ?? mongoose.model("WorkflowEffect", workflowEffectSchema);
