import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { AUTH_READ_MODEL, markStaleOnWrite } from "./read-model-version";

/**
 * Server-side sessions: the cookie carries only a signed random id. Expiry is checked on read
 * (idle 30 min, absolute 12 h) because TTL indexes are outside the embedded database's subset;
 * the sweeper deletes expired rows.
 */
const sessionSchema = new Schema({
  _id: { type: String, required: true },
  data: { type: Schema.Types.Mixed, default: {} },
  userId: { type: Schema.Types.ObjectId, ref: "User" },
  createdAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
});
sessionSchema.index({ userId: 1 });
sessionSchema.index({ lastSeenAt: 1 });
// Processes keep copies of sessions they read, checked against this token (ADR 011). The one
// write that does not replace it is the lastSeenAt touch (app/auth/session.server.ts).
markStaleOnWrite(sessionSchema, AUTH_READ_MODEL);

export type SessionFields = InferSchemaType<typeof sessionSchema>;
export const Session = (mongoose.models.Session as mongoose.Model<SessionFields>) ?? mongoose.model("Session", sessionSchema);
