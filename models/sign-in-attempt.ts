import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Sign-in guesses, numbered per key (an account "u:name" or an address "ip:1.2.3.4"): a guess
 * may be checked only once its row `key#n+1` is inserted, and the unique `_id` lets exactly one
 * of any number of concurrent attempts take each number. So the guesses of a key form one
 * sequence with no two at the same place, and the lockout rule is decided on that sequence —
 * the only atomic step the embedded database offers is an insert a unique index decides
 * (compare-and-set updates are not atomic there). ADR 016.
 *
 * Rows are never updated: the embedded database rewrites an updated row, and a reader can miss
 * it meanwhile. A success or an unlock is a row of its own in the same sequence (`settles` names
 * the guess a success proved right).
 */
export const ATTEMPT_KINDS = ["guess", "succeeded", "unlocked"] as const;

const signInAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true, maxlength: 200 },
    seq: { type: Number, required: true, min: 1 },
    at: { type: Date, required: true },
    kind: { type: String, required: true, enum: ATTEMPT_KINDS },
    settles: { type: Number },
  },
  { versionKey: false },
);
signInAttemptSchema.index({ key: 1, seq: -1 });
signInAttemptSchema.index({ at: 1 });

export type SignInAttemptFields = InferSchemaType<typeof signInAttemptSchema>;
export const SignInAttempt =
  (mongoose.models.SignInAttempt as mongoose.Model<SignInAttemptFields>) ?? mongoose.model("SignInAttempt", signInAttemptSchema);
