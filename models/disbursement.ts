import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * A tranche paid to an awarded entry. Unique (entryId, trancheIndex): a double submit, or two
 * regulators at once, can never pay the same tranche twice.
 */
const disbursementSchema = new Schema(
  {
    competitionId: { type: Schema.Types.ObjectId, ref: "Competition", required: true },
    entryId: { type: Schema.Types.ObjectId, required: true },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    trancheIndex: { type: Number, required: true, min: 0 },
    amountFen: { type: Number, required: true, min: 1, validate: Number.isSafeInteger },
    paidOn: { type: Date, required: true },
    voucherNumber: { type: String, required: true, trim: true, maxlength: 64 },
    recordedBy: { type: String, required: true, maxlength: 64 },
    recordedAt: { type: Date, required: true },
  },
  { timestamps: false },
);
disbursementSchema.index({ entryId: 1, trancheIndex: 1 }, { unique: true });
disbursementSchema.index({ competitionId: 1 });

export type DisbursementFields = InferSchemaType<typeof disbursementSchema>;
export const Disbursement =
  (mongoose.models.Disbursement as mongoose.Model<DisbursementFields>) ?? mongoose.model("Disbursement", disbursementSchema);
