import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { markStaleOnWrite } from "./read-model-version";

/**
 * The security administrator's settings: one document (`_id: "current"`); absent means the
 * defaults (app/security/security-settings.ts). Every request reads an in-process copy, kept
 * current by its read-model token.
 */
const securitySettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    password: {
      minLength: { type: Number, required: true },
      minClasses: { type: Number, required: true },
      forbidUsername: { type: Boolean, required: true },
      historyCount: { type: Number, required: true },
      maxAgeDays: { type: Number, required: true },
      extraBlocklist: { type: [String], default: [] },
    },
    lockout: {
      maxFailures: { type: Number, required: true },
      windowMinutes: { type: Number, required: true },
    },
    session: {
      idleMinutes: { type: Number, required: true },
      absoluteMinutes: { type: Number, required: true },
      singleSession: { type: Boolean, required: true },
    },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false },
);

export const SECURITY_SETTINGS_READ_MODEL = "securitySettings";
markStaleOnWrite(securitySettingsSchema, SECURITY_SETTINGS_READ_MODEL);

export type SecuritySettingsFields = InferSchemaType<typeof securitySettingsSchema>;
export const SecuritySettingsRecord =
  (mongoose.models.SecuritySettings as mongoose.Model<SecuritySettingsFields>) ?? mongoose.model("SecuritySettings", securitySettingsSchema);
