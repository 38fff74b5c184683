import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from "mongoose";
import { ROLES, type Role } from "../app/domain/roles";
import { AUTH_READ_MODEL, markStaleOnWrite } from "./read-model-version";

export { ADMIN_ROLES, BUSINESS_ROLES, isAdminRole, ROLES, type AdminRole, type BusinessRole, type Role } from "../app/domain/roles";

const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 64 },
    displayName: { type: String, required: true, trim: true, maxlength: 64 },
    // Never sent to a page: services strip it (no `select: false`, see ADR 001).
    passwordHash: { type: String, required: true },
    /** Earlier hashes, newest first, as many as the password policy's history asks (no reuse). */
    passwordHistory: { type: [String], default: [] },
    /** When the password was last set: the policy's expiry counts from here. */
    passwordChangedAt: { type: Date, default: () => new Date() },
    /** Set by an administrator's reset (a temporary password): the next sign-in must change it. */
    mustChangePassword: { type: Boolean, default: false },
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
