import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { DOCUMENT_KINDS } from "../app/domain/document-kinds";
import { ATTACHMENT_ADAPTERS } from "./attachment";
import { markStaleOnWrite } from "./read-model-version";

/**
 * One official document (文书) as issued: its 文号 (kind, year, seq — unique, so two issuers at
 * once never share a number, and numbers are taken without gaps, see ADR 015), the verification
 * code, the organization and the decision it records (a case step or a credit listing), the text
 * as composed at issue, and the rendered PDF (sha256, stored through the file storage like
 * attachments). The `_id` is derived from `issueKey` (the decision), so issuing twice is an `_id`
 * lookup away from finding the first. Rows are never removed: a correction is a new document that
 * `supersedes` this one, which then carries `supersededBy`.
 */
const officialDocumentSchema = new Schema(
  {
    /** The decision this document records: "<caseId>:<seq>:<kind>", "listing:<listingKey>", "correction:<documentId>". */
    issueKey: { type: String, required: true, maxlength: 300 },
    kind: { type: String, required: true, enum: DOCUMENT_KINDS },
    year: { type: Number, required: true },
    seq: { type: Number, required: true, min: 1 },
    /** 文号, e.g. 银民社登〔2026〕第12号 (derived from kind, year and seq). */
    number: { type: String, required: true, maxlength: 60 },
    verificationCode: { type: String, required: true, maxlength: 32 },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization" },
    organizationName: { type: String, default: "", maxlength: 200 },
    uscc: { type: String, default: "", maxlength: 18 },
    /** The applicant's account, for entry-gate documents issued before the organization exists. */
    ownerUserId: { type: Schema.Types.ObjectId, ref: "User" },
    caseKind: { type: String, maxlength: 40 },
    caseId: { type: Schema.Types.ObjectId },
    caseSeq: { type: Number },
    listingId: { type: Schema.Types.ObjectId },
    /** The text as issued (title, addressee, paragraphs, table, notes, parties): see app/documents/templates.ts. */
    content: { type: Schema.Types.Mixed, required: true },
    issuedAt: { type: Date, required: true },
    authority: { type: String, required: true, maxlength: 100 },
    issuedBy: { type: String, required: true, maxlength: 100 },
    supersedes: { type: Schema.Types.ObjectId },
    supersededBy: { type: Schema.Types.ObjectId },
    supersededAt: { type: Date },
    correctionReason: { type: String, maxlength: 2000 },
    /** The PDF, set once rendered (right after issue, or for bulk issues by the sweeper or the first download). */
    sha256: { type: String, match: /^[0-9a-f]{64}$/ },
    size: { type: Number },
    adapter: { type: String, enum: ATTACHMENT_ADAPTERS },
    storedName: { type: String, maxlength: 200 },
    renderedAt: { type: Date },
  },
  { timestamps: true },
);
officialDocumentSchema.index({ kind: 1, year: 1, seq: 1 }, { unique: true });
officialDocumentSchema.index({ verificationCode: 1 }, { unique: true });
officialDocumentSchema.index({ caseId: 1 });
officialDocumentSchema.index({ organizationId: 1, issuedAt: -1 });
// Stored files are content-addressed and shared: the attachments' removal asks whether a document still refers to a hash.
officialDocumentSchema.index({ sha256: 1 });

/** Case pages, organization pages and /verify read an in-process copy of the documents' headers (ADR 015). */
export const OFFICIAL_DOCUMENTS_READ_MODEL = "officialDocuments";
markStaleOnWrite(officialDocumentSchema, OFFICIAL_DOCUMENTS_READ_MODEL);

export type OfficialDocumentFields = InferSchemaType<typeof officialDocumentSchema>;
export const OfficialDocument =
  (mongoose.models.OfficialDocument as mongoose.Model<OfficialDocumentFields>) ?? mongoose.model("OfficialDocument", officialDocumentSchema);

/**
 * The last number issued per kind and year, as a hint where to start: numbers are taken by the
 * unique (kind, year, seq) index, never by this row, which may lag behind (a lower value only
 * costs a retry). `_id` derived from "kind:year".
 */
const documentSeriesSchema = new Schema({ last: { type: Number, required: true, min: 0 } }, { timestamps: false });

export type DocumentSeriesFields = InferSchemaType<typeof documentSeriesSchema>;
export const DocumentSeries =
  (mongoose.models.DocumentSeries as mongoose.Model<DocumentSeriesFields>) ?? mongoose.model("DocumentSeries", documentSeriesSchema, "document_series");
