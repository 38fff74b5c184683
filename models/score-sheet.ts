import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { keyedByJudgeAndEntry } from "./judge-entry-key";
import { markStaleOnWrite } from "./read-model-version";
import { JUDGING_READ_MODEL, SCORE_SHEET_STATUSES } from "../app/domain/competition";

/**
 * One judge's scores for one entry: points and a comment per criterion. Drafts never count;
 * a submitted sheet is locked until a regulator reopens it with a reason.
 */
const scoreSheetSchema = new Schema(
  {
    competitionId: { type: Schema.Types.ObjectId, ref: "Competition", required: true },
    entryId: { type: Schema.Types.ObjectId, required: true },
    judgeId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    /** criterion id → points (no "." or "$" in criterion ids: they are keys). */
    points: { type: Schema.Types.Mixed, default: {} },
    comments: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true, enum: SCORE_SHEET_STATUSES, default: "draft" },
    submittedAt: { type: Date },
    reopenedReason: { type: String, maxlength: 1000, default: "" },
    /** Every reopening by a regulator: who, when, why (the sheet keeps the latest reason above). */
    reopenings: {
      type: [new Schema({ reason: { type: String, required: true, maxlength: 1000 }, byName: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false })],
      default: [],
    },
  },
  { timestamps: true, minimize: false },
);
scoreSheetSchema.index({ entryId: 1, judgeId: 1 }, { unique: true });
scoreSheetSchema.plugin(keyedByJudgeAndEntry); // _id derived from (entryId, judgeId), ADR 009
markStaleOnWrite(scoreSheetSchema, JUDGING_READ_MODEL); // the judge's list reads a copy, ADR 009
scoreSheetSchema.index({ competitionId: 1, judgeId: 1 });
scoreSheetSchema.index({ competitionId: 1, status: 1 });

export type ScoreSheetFields = InferSchemaType<typeof scoreSheetSchema>;
export const ScoreSheet = (mongoose.models.ScoreSheet as mongoose.Model<ScoreSheetFields>) ?? mongoose.model("ScoreSheet", scoreSheetSchema);
