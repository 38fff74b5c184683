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
let localWritesInAll = 0;

export function localWriteCount(name: string): number {
  return localWrites.get(name) ?? 0;
}

/** Writes in this process to any read model (a request's shared token read is redone after one). */
export function localWriteTotal(): number {
  return localWritesInAll;
}

/** Marks a read model stale everywhere: call after every write to its source. */
export async function touchReadModel(name: string): Promise<void> {
  try {
    await ReadModelVersion.updateOne({ _id: name }, { $set: { token: randomUUID(), changedAt: new Date() } }, { upsert: true });
  } finally {
    // After the new token is stored, so a local reader that notices re-reads the new token.
    localWrites.set(name, localWriteCount(name) + 1);
    localWritesInAll++;
  }
}

async function readModelToken(name: string): Promise<string> {
  const row = await ReadModelVersion.findById(name, { token: 1 }).lean();
  return row?.token ?? "none";
}

/** Several tokens in one round trip (a scan of this tiny collection on the embedded database). */
export async function readModelTokens(names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 1) return new Map([[names[0]!, await readModelToken(names[0]!)]]);
  const tokens = new Map(names.map((name) => [name, "none"]));
  const rows = await ReadModelVersion.find({ _id: mongoose.trusted({ $in: [...names] }) as never }, { token: 1 }).lean();
  for (const row of rows) tokens.set(row._id, row.token);
  return tokens;
}

/**
 * Who is signed in: sessions and users. Every write to either replaces this token, so a copy of
 * a session or a user checked against it (app/auth) sees a sign-out, a disabled account or a
 * changed role on the next request in every process (ADR 011).
 */
export const AUTH_READ_MODEL = "auth";

/** Replaces the read model's token after every write through this schema's model (ADR 007). */
export function markStaleOnWrite(schema: Schema, name: string): void {
  const touch = () => touchReadModel(name);
  schema.post("save", touch);
  schema.post("insertMany", touch);
  schema.post("bulkWrite", touch);
  // An update or delete that changed nothing leaves the copies alone (the sweeper's session
  // clean-up runs every few minutes and usually deletes nothing).
  schema.post(["updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany"], (result: { modifiedCount?: number; upsertedCount?: number; deletedCount?: number } | null) =>
    result && !result.modifiedCount && !result.upsertedCount && !result.deletedCount ? undefined : touch(),
  );
  schema.post(["findOneAndUpdate", "findOneAndReplace", "findOneAndDelete"], touch);
}
