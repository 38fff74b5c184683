import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * One row per failed sign-in, keyed by account ("u:name") and by address ("ip:1.2.3.4").
 * Inserts are atomic on every backend, so counting rows is a race-free rate limit without
 * compare-and-set.
 */
const loginFailureSchema = new Schema({
  key: { type: String, required: true, maxlength: 200 },
  at: { type: Date, required: true },
});
loginFailureSchema.index({ key: 1, at: -1 });
loginFailureSchema.index({ at: 1 });

export type LoginFailureFields = InferSchemaType<typeof loginFailureSchema>;
export const LoginFailure =
  (mongoose.models.LoginFailure as mongoose.Model<LoginFailureFields>) ?? mongoose.model("LoginFailure", loginFailureSchema);
