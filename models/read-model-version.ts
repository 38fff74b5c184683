import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { randomUUID } from "node:crypto";

/**
 * One row per in-process read model (e.g. "organizations"): a random token replaced on every
 * write to its source collection. Readers compare it (an `_id` lookup, the one query the embedded
 * database answers without a scan) with the token their copy was built from (ADR 007). A fresh
 * random value per write, not a counter: no read-modify-write, so concurrent writers cannot
 * lose a change.
 */
const readModelVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    changedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type ReadModelVersionFields = InferSchemaType<typeof readModelVersionSchema>;
export const ReadModelVersion =
  (mongoose.models.ReadModelVersion as mongoose.Model<ReadModelVersionFields>) ??
  mongoose.model("ReadModelVersion", readModelVersionSchema);

/** Writes in this process, per read model: lets this process see its own writes at once. */
const localWrites = new Map<string, number>();

export function localWriteCount(name: string): number {
  return localWrites.get(name) ?? 0;
}

/** Marks a read model stale everywhere: call after every write to its source. */
export async function touchReadModel(name: string): Promise<void> {
  try {
    await ReadModelVersion.updateOne({ _id: name }, { $set: { token: randomUUID(), changedAt: new Date() } }, { upsert: true });
  } finally {
    // After the new token is stored, so a local reader that notices re-reads the new token.
    localWrites.set(name, localWriteCount(name) + 1);
  }
}

export async function readModelToken(name: string): Promise<string> {
  const row = await ReadModelVersion.findById(name, { token: 1 }).lean();
  return row?.token ?? "none";
}

/** Replaces the read model's token after every write through this schema's model (ADR 007). */
export function markStaleOnWrite(schema: Schema, name: string): void {
  const touch = () => touchReadModel(name);
  schema.post("save", touch);
  schema.post("insertMany", touch);
  schema.post("bulkWrite", touch);
  schema.post(["updateOne", "updateMany", "replaceOne", "findOneAndUpdate", "findOneAndReplace", "deleteOne", "deleteMany", "findOneAndDelete"], touch);
}
