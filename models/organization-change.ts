import mongoose, { Schema, type InferSchemaType } from "mongoose";

/** One changed item: values are stored as strings (dates "YYYY-MM-DD", money in fen, codes not labels). */
const changedFieldSchema = new Schema(
  {
    field: { type: String, required: true },
    before: { type: String, default: "" },
    after: { type: String, default: "" },
  },
  { _id: false },
);

/** 变更: what changed on an organization's registration, when, by whom and why. Append-only. */
const organizationChangeSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    changedAt: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: "User" },
    actorName: { type: String, required: true, maxlength: 64 },
    fields: { type: [changedFieldSchema], default: [] },
    reason: { type: String, trim: true, maxlength: 200, default: "" },
    /** Set when the change came from an Excel import (links to its report). */
    importId: { type: Schema.Types.ObjectId, ref: "OrganizationImport" },
  },
  { versionKey: false },
);
organizationChangeSchema.index({ organizationId: 1, changedAt: -1 });

export type OrganizationChangeFields = InferSchemaType<typeof organizationChangeSchema>;
export const OrganizationChange =
  (mongoose.models.OrganizationChange as mongoose.Model<OrganizationChangeFields>) ??
  mongoose.model("OrganizationChange", organizationChangeSchema);
