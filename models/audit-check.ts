import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * The last verification of the audit trail's chain (`_id: "latest"`), shown on the audit
 * administrator's page. Each verification is also a record in the trail itself.
 */
const auditCheckSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    ok: { type: Boolean, required: true },
    checked: { type: Number, required: true },
    headSeq: { type: Number, default: 0 },
    headHash: { type: String, default: "" },
    brokenSeq: { type: Number },
    brokenReason: { type: String },
    durationMs: { type: Number, required: true },
  },
  { versionKey: false },
);

export type AuditCheckFields = InferSchemaType<typeof auditCheckSchema>;
export const AuditCheck = (mongoose.models.AuditCheck as mongoose.Model<AuditCheckFields>) ?? mongoose.model("AuditCheck", auditCheckSchema);
