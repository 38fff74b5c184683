import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";
import {
  COMPETITIONS_READ_MODEL,
  DEFAULT_CATEGORIES,
  TRANCHE_TRIGGERS,
} from "../app/domain/competition";

/**
 * A yearly competition's settings. Its lifecycle is a workflow case of kind "competition" with
 * the same _id (the case holds the state, this document the settings, editable in draft only).
 */
const criterionSchema = new Schema(
  {
    id: { type: String, required: true, trim: true, maxlength: 40 },
    name: { type: String, required: true, trim: true, maxlength: 100 },
    description: { type: String, trim: true, maxlength: 500, default: "" },
    weight: { type: Number, required: true },
    maxPoints: { type: Number, required: true },
  },
  { _id: false }
);

const competitionSchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 200 },
    theme: { type: String, trim: true, maxlength: 200, default: "" },
    year: { type: Number, required: true, min: 2000, max: 2100 },
    categories: { type: [String], default: () => [...DEFAULT_CATEGORIES] },
    totalBudgetFen: {
      type: Number,
      required: true,
      min: 0,
      validate: Number.isSafeInteger,
    },
    perProjectCapFen: {
      type: Number,
      required: true,
      min: 0,
      validate: Number.isSafeInteger,
    },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    /** Judges score by this day (optional; their list counts down to it). */
    judgingEndsAt: { type: Date },
    rubric: {
      type: new Schema(
        {
          criteria: { type: [criterionSchema], default: [] },
          /** Judges do not see the organization's identity. */
          blind: { type: Boolean, default: false },
        },
        { _id: false }
      ),
      required: true,
      default: () => ({}),
    },
    judging: {
      type: new Schema(
        {
          judgesPerEntry: { type: Number, default: 5, min: 1, max: 20 },
          minScores: { type: Number, default: 3, min: 1, max: 20 },
          trimmedMean: { type: Boolean, default: true },
          normalize: { type: Boolean, default: false },
          /** Judges may see the other judges' submitted scores once they submitted their own. */
          showOthersAfterSubmit: { type: Boolean, default: false },
          passMark: { type: Number, default: 60 },
        },
        { _id: false }
      ),
      required: true,
      default: () => ({}),
    },
    announcementWorkingDays: { type: Number, default: 5, min: 1, max: 30 },
    tranchePlan: {
      type: [
        new Schema(
          {
            percent: { type: Number, required: true },
            trigger: { type: String, required: true, enum: TRANCHE_TRIGGERS },
          },
          { _id: false }
        ),
      ],
      default: () => [
        { percent: 50, trigger: "signing" },
        { percent: 30, trigger: "midtermPass" },
        { percent: 20, trigger: "finalPass" },
      ],
    },
    maxEntriesPerOrganization: { type: Number, default: 1, min: 1, max: 10 },
    /** The panel: users with role judge. */
    judgeIds: { type: [Schema.Types.ObjectId], ref: "User", default: [] },
    /** Regulator adjustments of the funding plan, each logged with its reason. */
    planAdjustments: {
      type: [
        new Schema(
          {
            entryId: { type: Schema.Types.ObjectId, required: true },
            awardFen: { type: Number, required: true },
            reason: { type: String, required: true, maxlength: 1000 },
            byName: { type: String, required: true },
            at: { type: Date, required: true },
          },
          { _id: false }
        ),
      ],
      default: [],
    },
  },
  { timestamps: true }
);
competitionSchema.index({ year: -1 });
markStaleOnWrite(competitionSchema, COMPETITIONS_READ_MODEL); // the judges' pages read a copy, ADR 009

export type CompetitionFields = InferSchemaType<typeof competitionSchema>;
export const Competition =
  (mongoose.models.Competition as mongoose.Model<CompetitionFields>) ??
  mongoose.model("Competition", competitionSchema);
