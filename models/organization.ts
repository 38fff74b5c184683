import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { DISTRICT_CODES, ORGANIZATION_STATUSES, ORGANIZATION_TYPES, PARTY_FORMS } from "../app/domain/organization";
import { validateUscc } from "../app/domain/uscc";
import { markStaleOnWrite } from "./read-model-version";

const partySchema = new Schema(
  {
    form: { type: String, enum: PARTY_FORMS, default: "none" },
    memberCount: { type: Number, min: 0, default: 0 },
    establishedAt: { type: Date },
    jointPartnerIds: { type: [Schema.Types.ObjectId], ref: "Organization", default: [] },
    attachedTo: { type: String, trim: true, maxlength: 100 },
    instructorId: { type: Schema.Types.ObjectId, ref: "PartyInstructor" },
  },
  { _id: false },
);

const contactSchema = new Schema(
  {
    name: { type: String, trim: true, maxlength: 32 },
    phone: { type: String, trim: true, maxlength: 300 }, // sealed: see personalIndex
    email: { type: String, trim: true, maxlength: 100 },
  },
  { _id: false },
);

/** 社会组织. Name sorting uses nameSortKey (pinyin), written with the name. */
const organizationSchema = new Schema(
  {
    uscc: {
      type: String,
      required: true,
      unique: true,
      validate: { validator: (v: string) => validateUscc(v).ok, message: "invalid unified social credit code" },
    },
    name: { type: String, required: true, trim: true, maxlength: 100 },
    nameSortKey: { type: String, required: true },
    nameInitials: { type: String, required: true },
    type: { type: String, required: true, enum: ORGANIZATION_TYPES },
    registrationAuthority: { type: String, required: true, trim: true, maxlength: 100 },
    district: { type: String, required: true, enum: DISTRICT_CODES },
    sponsoringUnit: { type: String, trim: true, maxlength: 100 },
    legalRepresentative: { type: String, required: true, trim: true, maxlength: 32 },
    // Personal data, SM4-sealed (app/personal-data/sm4.server.ts; contact.phone too): never in
    // public pages or open data, and found only through personalIndex (ADR 016).
    legalRepresentativeIdNumber: { type: String, maxlength: 300 },
    legalRepresentativeMobile: { type: String, maxlength: 300 },
    /** SM3 keyed hashes of the personal data above, to find an organization by them. */
    personalIndex: { type: [String], default: [] },
    domicile: { type: String, required: true, trim: true, maxlength: 200 },
    establishedAt: { type: Date, required: true },
    registeredCapitalFen: { type: Number, required: true, min: 0, validate: Number.isSafeInteger },
    businessScope: { type: String, trim: true, maxlength: 1000 },
    contact: { type: contactSchema, default: {} },
    directlyManaged: { type: Boolean, default: false },
    /** 公开募捐资格 (foundations): public fundraising foundations spend ≥ 70% of last year's income, the others ≥ 8% of last year's net assets (基金会管理条例第二十九条). */
    publicFundraising: { type: Boolean, default: false },
    status: { type: String, required: true, enum: ORGANIZATION_STATUSES, default: "registered" },
    party: { type: partySchema, default: {} },
    /** How it left the register (deregistered or revoked): the public sees the date and reason beside the status. */
    exit: {
      type: new Schema({ on: { type: Date, required: true }, reason: { type: String, trim: true, maxlength: 1000, default: "" } }, { _id: false }),
    },
    /** The entry-gate case that registered it (absent for organizations imported or seeded). */
    registrationCaseId: { type: Schema.Types.ObjectId, ref: "WorkflowCase" },
  },
  { timestamps: true },
);
organizationSchema.index({ nameSortKey: 1 });
organizationSchema.index({ district: 1, type: 1, status: 1 });
organizationSchema.index({ "party.instructorId": 1 });
organizationSchema.index({ personalIndex: 1 });

// The register, directory and API read an in-process copy of this collection (ADR 007): every
// write through this model marks that copy stale. Writes must go through the model, not the driver.
markStaleOnWrite(organizationSchema, "organizations"); // the register read model, ADR 007

export type OrganizationFields = InferSchemaType<typeof organizationSchema>;
export const Organization =
  (mongoose.models.Organization as mongoose.Model<OrganizationFields>) ?? mongoose.model("Organization", organizationSchema);
