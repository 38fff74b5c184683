import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { ATTACHMENT_USES } from "../app/domain/attachment-uses";
import { markStaleOnWrite } from "./read-model-version";

export const ATTACHMENT_ADAPTERS = ["local", "uploadthing"] as const;
export type AttachmentAdapter = (typeof ATTACHMENT_ADAPTERS)[number];
export const ATTACHMENT_STATUSES = ["active", "superseded", "deleted"] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];

/**
 * One stored file attached to a case (any workflow's case, or an organization's profile).
 * The bytes live outside the database (ADR 001: no GridFS): on local disk, content-addressed
 * by sha256 (`storedName`), or at UploadThing (`storedName` is its file key).
 * Rows are never removed: deleting a draft file sets status "deleted", so the record of who
 * uploaded what stays; a file a decision relied on is only ever superseded.
 */
const attachmentSchema = new Schema(
  {
    caseKind: { type: String, required: true, trim: true, maxlength: 40 },
    caseId: { type: String, required: true, trim: true, maxlength: 64 },
    /** Absent while the case has no organization yet (a registration application). */
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization" },
    use: { type: String, required: true, enum: ATTACHMENT_USES },
    originalName: { type: String, required: true, maxlength: 200 },
    storedName: { type: String, required: true, maxlength: 200 },
    adapter: { type: String, required: true, enum: ATTACHMENT_ADAPTERS },
    size: { type: Number, required: true, min: 1, validate: Number.isSafeInteger },
    sha256: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    detectedType: { type: String, required: true, maxlength: 100 },
    uploaderId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    uploadedAt: { type: Date, required: true },
    status: { type: String, required: true, enum: ATTACHMENT_STATUSES, default: "active" },
    reliedOn: { type: Boolean, default: false },
    supersededBy: { type: Schema.Types.ObjectId, ref: "Attachment" },
    deletedAt: { type: Date },
    deletedBy: { type: Schema.Types.ObjectId, ref: "User" },
  },
  { timestamps: true },
);
attachmentSchema.index({ caseKind: 1, caseId: 1, status: 1, uploadedAt: 1 });
attachmentSchema.index({ organizationId: 1, uploadedAt: -1 });
// Content-addressed blobs are shared by every row with the same hash: find the others before removing one.
attachmentSchema.index({ sha256: 1, status: 1 });
attachmentSchema.index({ adapter: 1, storedName: 1 });
/** The attachment panels read a copy of every case's files (ADR 007); each write replaces its token. */
export const ATTACHMENTS_READ_MODEL = "attachments";
markStaleOnWrite(attachmentSchema, ATTACHMENTS_READ_MODEL);

export type AttachmentFields = InferSchemaType<typeof attachmentSchema>;
export const Attachment =
  (mongoose.models.Attachment as mongoose.Model<AttachmentFields>) ?? mongoose.model("Attachment", attachmentSchema);
