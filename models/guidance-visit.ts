import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";
import { VISIT_MODES } from "../app/domain/party-building";

/**
 * 指导记录: one guidance visit of an instructor to an organization. The form carries an
 * idempotency key; the unique index makes a double submit insert one visit, not two.
 */
const guidanceVisitSchema = new Schema({
  organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
  instructorId: { type: Schema.Types.ObjectId, ref: "PartyInstructor", required: true },
  date: { type: Date, required: true },
  mode: { type: String, required: true, enum: VISIT_MODES },
  topics: { type: String, required: true, trim: true, maxlength: 500 },
  problemsFound: { type: String, trim: true, maxlength: 1000, default: "" },
  followUp: { type: String, trim: true, maxlength: 1000, default: "" },
  idempotencyKey: { type: String, required: true, maxlength: 64 },
  createdBy: { type: Schema.Types.ObjectId, ref: "User" },
  createdAt: { type: Date, required: true },
});
guidanceVisitSchema.index({ instructorId: 1, idempotencyKey: 1 }, { unique: true });
guidanceVisitSchema.index({ organizationId: 1, date: -1 });
guidanceVisitSchema.index({ instructorId: 1, date: -1 });
markStaleOnWrite(guidanceVisitSchema, "guidanceVisits"); // the workbenches read a copy, ADR 018

export type GuidanceVisitFields = InferSchemaType<typeof guidanceVisitSchema>;
export const GuidanceVisit =
  (mongoose.models.GuidanceVisit as mongoose.Model<GuidanceVisitFields>) ?? mongoose.model("GuidanceVisit", guidanceVisitSchema);
