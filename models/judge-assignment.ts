import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { keyedByJudgeAndEntry } from "./judge-entry-key";
import { markStaleOnWrite } from "./read-model-version";
import { ASSIGNMENT_STATUSES, JUDGING_READ_MODEL } from "../app/domain/competition";

/**
 * A judge assigned to an entry. Declaring a conflict keeps the row (status "conflicted", with
 * the reason) so the record shows why the entry was reassigned.
 */
const judgeAssignmentSchema = new Schema(
  {
    competitionId: { type: Schema.Types.ObjectId, ref: "Competition", required: true },
    entryId: { type: Schema.Types.ObjectId, required: true },
    judgeId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    status: { type: String, required: true, enum: ASSIGNMENT_STATUSES, default: "active" },
    automatic: { type: Boolean, default: false },
    /** Who assigned by hand, or removed the assignment, and when (automatic ones have no name). */
    assignedBy: { type: String, default: "" },
    removedBy: { type: String, default: "" },
    removedAt: { type: Date },
    conflictReason: { type: String, maxlength: 1000, default: "" },
    conflictDeclaredAt: { type: Date },
  },
  { timestamps: true },
);
judgeAssignmentSchema.index({ entryId: 1, judgeId: 1 }, { unique: true });
judgeAssignmentSchema.plugin(keyedByJudgeAndEntry); // _id derived from (entryId, judgeId), ADR 009
markStaleOnWrite(judgeAssignmentSchema, JUDGING_READ_MODEL); // the judge's list reads a copy, ADR 009
judgeAssignmentSchema.index({ competitionId: 1, judgeId: 1, status: 1 });
judgeAssignmentSchema.index({ competitionId: 1, status: 1 });

/** A judge's declared link with an organization: never assigned to its entries. */
const judgeConflictSchema = new Schema(
  {
    judgeId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    reason: { type: String, required: true, maxlength: 1000 },
    declaredAt: { type: Date, required: true },
  },
  { timestamps: false },
);
judgeConflictSchema.index({ judgeId: 1, organizationId: 1 }, { unique: true });

export type JudgeAssignmentFields = InferSchemaType<typeof judgeAssignmentSchema>;
export const JudgeAssignment =
  (mongoose.models.JudgeAssignment as mongoose.Model<JudgeAssignmentFields>) ?? mongoose.model("JudgeAssignment", judgeAssignmentSchema);
export type JudgeConflictFields = InferSchemaType<typeof judgeConflictSchema>;
export const JudgeConflict =
  (mongoose.models.JudgeConflict as mongoose.Model<JudgeConflictFields>) ?? mongoose.model("JudgeConflict", judgeConflictSchema);
