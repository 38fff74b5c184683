import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";

/** 党建指导员: sent point to point to organizations (Organization.party.instructorId). */
const partyInstructorSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 32 },
    nameSortKey: { type: String, required: true },
    agency: { type: String, required: true, trim: true, maxlength: 100 },
    phone: { type: String, required: true, trim: true, maxlength: 32 },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
partyInstructorSchema.index({ nameSortKey: 1 });
// The register's copy carries the instructors (options, the active count): ADR 007.
markStaleOnWrite(partyInstructorSchema, "organizations");

export type PartyInstructorFields = InferSchemaType<typeof partyInstructorSchema>;
export const PartyInstructor =
  (mongoose.models.PartyInstructor as mongoose.Model<PartyInstructorFields>) ??
  mongoose.model("PartyInstructor", partyInstructorSchema);
