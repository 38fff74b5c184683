import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { OBJECTION_STATUSES } from "../app/domain/competition";

/** A public objection (异议) during the announcement, resolved by a regulator with reasons. */
const objectionSchema = new Schema(
  {
    competitionId: { type: Schema.Types.ObjectId, ref: "Competition", required: true },
    entryId: { type: Schema.Types.ObjectId },
    name: { type: String, required: true, trim: true, maxlength: 50 },
    contact: { type: String, required: true, trim: true, maxlength: 100 },
    reason: { type: String, required: true, trim: true, maxlength: 2000 },
    /** Sender's address, hashed: the rate limit counts by it without keeping it. */
    addressHash: { type: String, required: true, maxlength: 64 },
    status: { type: String, required: true, enum: OBJECTION_STATUSES, default: "pending" },
    resolution: { type: String, maxlength: 2000, default: "" },
    resolvedBy: { type: String, maxlength: 64, default: "" },
    resolvedAt: { type: Date },
    receivedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
objectionSchema.index({ competitionId: 1, status: 1, receivedAt: 1 });
objectionSchema.index({ addressHash: 1, receivedAt: -1 });

export type ObjectionFields = InferSchemaType<typeof objectionSchema>;
export const Objection = (mongoose.models.Objection as mongoose.Model<ObjectionFields>) ?? mongoose.model("Objection", objectionSchema);
