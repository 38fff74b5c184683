import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";

const selectionSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    organizationName: { type: String, required: true },
    inspector: { type: String, required: true },
    finding: { type: String, default: "" },
    findingAt: { type: Date },
    /** A finding may require rectification: items, deadline, then verified or listed. */
    rectification: {
      items: { type: String },
      deadline: { type: Date },
      status: { type: String, enum: ["open", "verified", "listed"] },
      closedAt: { type: Date },
      note: { type: String },
    },
  },
  { _id: false },
);

/**
 * 双随机抽查: one draw. The seed, the population size and the inspectors are recorded, so the
 * draw (app/domain/spot-check.ts) can be reproduced and audited from the register.
 */
const spotCheckSchema = new Schema(
  {
    seed: { type: Number, required: true },
    sampleSize: { type: Number, required: true, min: 1 },
    populationSize: { type: Number, required: true },
    inspectors: { type: [String], required: true },
    drawnAt: { type: Date, required: true },
    drawnBy: { type: String, required: true },
    selections: { type: [selectionSchema], default: [] },
  },
  { timestamps: true },
);
spotCheckSchema.index({ drawnAt: -1 });
markStaleOnWrite(spotCheckSchema, "spotChecks"); // the workbenches read a copy, ADR 018

export type SpotCheckFields = InferSchemaType<typeof spotCheckSchema>;
export const SpotCheck = (mongoose.models.SpotCheck as mongoose.Model<SpotCheckFields>) ?? mongoose.model("SpotCheck", spotCheckSchema);
