import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";

export const INSPECTION_MODES = ["annualInspection", "annualReport"] as const;
export type InspectionMode = (typeof INSPECTION_MODES)[number];

/**
 * 年检/年报 campaign for one year: who must report, the deadlines, and the progress of opening
 * (one annual-report case per eligible organization, created in batches by a background job).
 */
const inspectionCampaignSchema = new Schema(
  {
    year: { type: Number, required: true, min: 2000, max: 2100 },
    mode: { type: String, required: true, enum: INSPECTION_MODES },
    /** To the sponsoring unit (default 31 March of the following year, Beijing time). */
    sponsorDeadline: { type: Date, required: true },
    /** To the registry (default 31 May of the following year): the sweeper lists the unfiled after it. */
    registryDeadline: { type: Date, required: true },
    /** Organizations established after this are exempt (less than 6 months before 31 December). */
    cutoff: { type: Date, required: true },
    status: { type: String, required: true, enum: ["opening", "open"], default: "opening" },
    progress: {
      total: { type: Number, default: 0 },
      processed: { type: Number, default: 0 },
      created: { type: Number, default: 0 },
      exempt: { type: Number, default: 0 },
    },
    openedBy: { type: String, required: true },
    openedAt: { type: Date, required: true },
    /** Last time the job wrote progress (a stale "opening" campaign can be resumed). */
    heartbeatAt: { type: Date },
    reminders: {
      type: [{ at: { type: Date, required: true }, by: { type: String, required: true }, count: { type: Number, required: true }, _id: false }],
      default: [],
    },
  },
  { timestamps: true },
);
inspectionCampaignSchema.index({ year: 1 }, { unique: true });
export const CAMPAIGNS_READ_MODEL = "inspectionCampaigns";
// The dashboard reads the campaigns from an in-process copy checked against this token (ADR 011).
markStaleOnWrite(inspectionCampaignSchema, CAMPAIGNS_READ_MODEL);

export type InspectionCampaignFields = InferSchemaType<typeof inspectionCampaignSchema>;
export const InspectionCampaign =
  (mongoose.models.InspectionCampaign as mongoose.Model<InspectionCampaignFields>) ?? mongoose.model("InspectionCampaign", inspectionCampaignSchema);
