import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Entry numbers (YC2026-017) claimed by inserting `_id: "<competitionId>:<n>"`: the unique `_id`
 * lets exactly one entry have each number, without transactions (ADR 018). The row
 * `"<competitionId>:last"` holds the highest number claimed so far, a hint where the next claim
 * starts; a stale hint only costs a duplicate-key retry.
 */
const entryNumberSchema = new Schema(
  {
    _id: { type: String, required: true },
    last: { type: Number, min: 0 },
  },
  { versionKey: false },
);

export type EntryNumberFields = InferSchemaType<typeof entryNumberSchema>;
export const EntryNumber =
  (mongoose.models.EntryNumber as mongoose.Model<EntryNumberFields>) ?? mongoose.model("EntryNumber", entryNumberSchema);
