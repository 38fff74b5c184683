import mongoose, { Schema, type InferSchemaType } from "mongoose";

/** A rejected row: the message is a dictionary key, so the report shows in the reader's language. */
const importProblemSchema = new Schema(
  {
    row: { type: Number, required: true },
    column: { type: String, default: "" },
    message: { type: String, required: true },
    value: { type: String, default: "" },
    otherRow: { type: Number },
  },
  { _id: false },
);

/** One Excel import of the register and its report (who, when, counts, every rejected row). */
const organizationImportSchema = new Schema(
  {
    actorId: { type: Schema.Types.ObjectId, ref: "User" },
    actorName: { type: String, required: true, maxlength: 64 },
    fileName: { type: String, required: true, maxlength: 200 },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
    totalRows: { type: Number, required: true },
    inserted: { type: Number, required: true },
    updated: { type: Number, required: true },
    unchanged: { type: Number, required: true },
    rejected: { type: Number, required: true },
    problems: { type: [importProblemSchema], default: [] },
  },
  { versionKey: false },
);

export type OrganizationImportFields = InferSchemaType<typeof organizationImportSchema>;
export const OrganizationImport =
  (mongoose.models.OrganizationImport as mongoose.Model<OrganizationImportFields>) ??
  mongoose.model("OrganizationImport", organizationImportSchema);
