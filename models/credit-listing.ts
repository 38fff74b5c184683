import mongoose, { Schema, type InferSchemaType } from "mongoose";

import { CREDIT_LISTS, LISTING_REASONS, REMOVAL_KINDS } from "../app/domain/credit";
import { markStaleOnWrite } from "./read-model-version";

export { CREDIT_LISTS, LISTING_REASONS, type CreditList, type ListingReason } from "../app/domain/credit";

/**
 * An organization on the abnormal-activity list (活动异常名录) or the serious list (严重违法失信名单).
 * `listingKey` is unique, so automatic listings happen once: "abnormal:<orgId>:lateAnnualReport:<year>",
 * "serious:abnormalForTwoYears:<orgId>:<latest abnormal listing id>", "serious:registrationRevoked:<orgId>:<case>".
 * `basis` is the article the decision applied (kept as decided). Removal keeps the row (the public
 * history), how it ended, the article of the removal and who verified it.
 */
const creditListingSchema = new Schema(
  {
    listingKey: { type: String, required: true, maxlength: 200 },
    organizationId: { type: Schema.Types.ObjectId, ref: "Organization", required: true },
    /** Denormalized for the public list (names do not change once listed). */
    organizationName: { type: String, required: true },
    uscc: { type: String, required: true },
    list: { type: String, required: true, enum: CREDIT_LISTS },
    reason: { type: String, required: true, enum: LISTING_REASONS },
    detail: { type: String, default: "", maxlength: 2000 },
    /** The report year, for late annual reports. */
    year: { type: Number },
    /** The article the listing applies, e.g. 《社会组织信用信息管理办法》第十条第一款第（一）项. */
    basis: { type: String, maxlength: 200 },
    /** Unreachable domicile: the two special letters' mailing days (Shanghai, "YYYY-MM-DD"). */
    letters: {
      firstMailedOn: { type: String },
      secondMailedOn: { type: String },
    },
    /** Serious listings after two years: the abnormal listings they came from. */
    sourceListingIds: { type: [Schema.Types.ObjectId], default: undefined },
    decidedAt: { type: Date, required: true },
    /**
     * Abnormal listings: when the organization's two-year clock last (re)started — its own decision,
     * or a later abnormal listing made while this one was in force (第十二条), even one ended since.
     */
    clockFrom: { type: Date },
    authority: { type: String, required: true, maxlength: 100 },
    decidedBy: { type: String, required: true },
    /** The case that caused it (annual report), when there is one. */
    sourceCaseId: { type: Schema.Types.ObjectId },
    /** Set on an abnormal listing when the two-year step moved it to the serious list (it ends then). */
    promotedAt: { type: Date },
    removedAt: { type: Date },
    removal: {
      kind: { type: String, enum: REMOVAL_KINDS },
      basis: { type: String, maxlength: 200 },
      verifiedBy: { type: String },
      note: { type: String, maxlength: 2000 },
    },
  },
  { timestamps: true },
);
creditListingSchema.index({ listingKey: 1 }, { unique: true });
creditListingSchema.index({ organizationId: 1, removedAt: 1 });
creditListingSchema.index({ list: 1, removedAt: 1, decidedAt: -1 });
/** Badges and eligibility read an in-process copy of the active listings (ADR 008): every write marks it stale. */
export const CREDIT_LISTINGS_READ_MODEL = "creditListings";
markStaleOnWrite(creditListingSchema, CREDIT_LISTINGS_READ_MODEL);

export type CreditListingFields = InferSchemaType<typeof creditListingSchema>;
export const CreditListing =
  (mongoose.models.CreditListing as mongoose.Model<CreditListingFields>) ?? mongoose.model("CreditListing", creditListingSchema);
