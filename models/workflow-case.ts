import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * A case driven by a workflow machine (registration application, annual report, competition
 * entry, …). `snapshot` caches the latest persisted machine snapshot; the transition log
 * (WorkflowTransition) is the source of truth and the serialization point.
 */
const workflowCaseSchema = new Schema(
  {
    kind: { type: String, required: true, maxlength: 50 },
    /** Natural key, unique: e.g. "annualReport:<orgId>:2025", so bulk creation run twice creates nothing twice. */
    caseKey: { type: String, required: true, maxlength: 200 },
    machineVersion: { type: Number, required: true },
    /** Sequence number of the last transition applied to `snapshot` (0 = created). */
    seq: { type: Number, required: true, min: 0 },
    state: { type: String, required: true, maxlength: 100 },
    snapshot: { type: Schema.Types.Mixed, required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    titleSortKey: { type: String, default: "" },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization" },
    ownerUserId: { type: Schema.Types.ObjectId, ref: "User" },
    /** The machine's running clock, copied out of the snapshot so queues sort and the sweeper finds it. */
    dueAt: { type: Date },
    /** dueAt, or the far future when there is none: queues sort on it so clocked cases come first. */
    dueSort: { type: Date, required: true },
    /** When the sweeper should next send DEADLINE_PASSED (empty when nothing is pending). */
    wakeAt: { type: Date },
    /** Kind-specific facts kept beside the snapshot (e.g. the application form). */
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, minimize: false },
);
workflowCaseSchema.index({ caseKey: 1 }, { unique: true });
workflowCaseSchema.index({ kind: 1, state: 1, dueSort: 1 });
workflowCaseSchema.index({ organizationId: 1, kind: 1 });
workflowCaseSchema.index({ wakeAt: 1 });
workflowCaseSchema.index({ ownerUserId: 1, kind: 1 });

export const NO_DUE_DATE = new Date("9999-12-31T00:00:00Z");

export type WorkflowCaseFields = InferSchemaType<typeof workflowCaseSchema>;
export const WorkflowCase =
  (mongoose.models.WorkflowCase as mongoose.Model<WorkflowCaseFields>) ?? mongoose.model("WorkflowCase", workflowCaseSchema);
