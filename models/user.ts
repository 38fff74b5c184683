import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from "mongoose";
import { AUTH_READ_MODEL, markStaleOnWrite } from "./read-model-version";

/** `applicant`: someone applying to register a new organization; becomes `org` once registered. */
export const ROLES = ["regulator", "judge", "org", "instructor", "admin", "applicant"] as const;
export type Role = (typeof ROLES)[number];

const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 64 },
    displayName: { type: String, required: true, trim: true, maxlength: 64 },
    // Never sent to a page: services strip it (no `select: false`, see ADR 001).
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    organizationId: {
      type: Schema.Types.ObjectId,
      ref: "Organization",
      required: function (this: { role: Role }) {
        return this.role === "org";
      },
    },
    partyInstructorId: { type: Schema.Types.ObjectId, ref: "PartyInstructor" },
    disabled: { type: Boolean, default: false },
    lastLoginAt: { type: Date },
  },
  { timestamps: true },
);
userSchema.index({ role: 1, username: 1 });
// Processes keep copies of signed-in users, checked against this token on every request (ADR 011).
markStaleOnWrite(userSchema, AUTH_READ_MODEL);

export type UserFields = InferSchemaType<typeof userSchema>;
export type UserDocument = HydratedDocument<UserFields>;
export const User = (mongoose.models.User as mongoose.Model<UserFields>) ?? mongoose.model("User", userSchema);
