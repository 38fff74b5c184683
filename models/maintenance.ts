import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * A write pause (ADR 013): while the row `write-pause` exists and has not expired, every app
 * process refuses new writes (503) and reports, once its writes in flight are done, that it
 * holds still. A backup takes its copy only when every live process holds still. The lease
 * (`expiresAt`) is renewed by the process that paused; if it dies, writes resume by themselves.
 */
const writePauseSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Random per pause: an acknowledgement names the pause it is for. */
    pauseId: { type: String, required: true },
    reason: { type: String, required: true },
    startedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "maintenance" },
);

/** One row per running app process (and `npm run sweep`), renewed every few seconds. */
const appInstanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    seenAt: { type: Date, required: true },
    /** The pause this process holds still for: no write of its own is in flight or will start. */
    holdingFor: { type: String, default: null },
  },
  { versionKey: false, collection: "app_instances" },
);

export type WritePauseFields = InferSchemaType<typeof writePauseSchema>;
export type AppInstanceFields = InferSchemaType<typeof appInstanceSchema>;
export const WritePause = (mongoose.models.WritePause as mongoose.Model<WritePauseFields>) ?? mongoose.model("WritePause", writePauseSchema);
export const AppInstance = (mongoose.models.AppInstance as mongoose.Model<AppInstanceFields>) ?? mongoose.model("AppInstance", appInstanceSchema);

/** Operational rows, not business data: a backup leaves them out and a restore starts without them. */
export const MAINTENANCE_COLLECTIONS = ["maintenance", "app_instances"] as const;
