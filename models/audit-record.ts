import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * The security audit trail (安全审计): append-only, hash-chained with SM3 (app/audit/chain.ts).
 * `_id` is the record's place in the chain (1, 2, 3 …): appending record n+1 is an insert a
 * unique index decides, so two writers can never both extend the chain from record n, and
 * "the next record" is an `_id` lookup. Nothing in the app updates or deletes a record: the
 * model refuses it (below), and the chain shows it if it is done behind the app's back.
 */
const auditActorSchema = new Schema(
  {
    userId: { type: String, default: "" },
    username: { type: String, default: "" },
    displayName: { type: String, default: "" },
    role: { type: String, required: true },
  },
  { _id: false },
);

const auditObjectSchema = new Schema(
  {
    kind: { type: String, default: "" },
    id: { type: String, default: "" },
    label: { type: String, default: "" },
  },
  { _id: false },
);

const auditRecordSchema = new Schema(
  {
    _id: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: auditActorSchema, required: true },
    /** The client address the request came from ("" for the system). */
    address: { type: String, default: "" },
    action: { type: String, required: true },
    object: { type: auditObjectSchema, default: () => ({}) },
    outcome: { type: String, required: true, enum: ["success", "failure", "denied"] },
    /** Small facts about the event: strings only (what changed, a reason, a count). */
    detail: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
auditRecordSchema.index({ at: -1 });
auditRecordSchema.index({ action: 1, at: -1 });
auditRecordSchema.index({ "actor.username": 1, at: -1 });

const appendOnly = () => {
  throw new Error("Audit records are append-only: they are never updated or deleted.");
};
auditRecordSchema.pre(
  ["updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete"],
  appendOnly,
);
auditRecordSchema.pre("save", function () {
  if (!this.isNew) appendOnly();
});

export type AuditRecordFields = InferSchemaType<typeof auditRecordSchema>;
export const AuditRecord = (mongoose.models.AuditRecord as mongoose.Model<AuditRecordFields>) ?? mongoose.model("AuditRecord", auditRecordSchema);
