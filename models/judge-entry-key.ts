import { createHash } from "node:crypto";
import mongoose, { type Schema } from "mongoose";

/**
 * Judge assignments and score sheets are one per (entry, judge), and their `_id` is derived from
 * that pair (ADR 009): the embedded database answers only a filter that is exactly `{ _id }`
 * without a scan (ADR 001), so the judge's pages look both up by `_id`. The entry fixes the
 * competition, so the competition is not part of the key.
 */
export function judgeEntryId(entryId: unknown, judgeId: unknown): mongoose.Types.ObjectId {
  const digest = createHash("sha256").update(`judge-entry:${String(entryId)}:${String(judgeId)}`).digest();
  return new mongoose.Types.ObjectId(digest.subarray(0, 12));
}

const isPlainId = (value: unknown) =>
  value instanceof mongoose.Types.ObjectId || (typeof value === "string" && mongoose.isValidObjectId(value));

/**
 * Every write path gets the derived `_id`, whoever writes: new documents (create, save,
 * insertMany) before validation, upserts by putting the `_id` into the filter (so the inserted
 * document carries it). An upsert must name the entry and the judge; a wrong `_id` is refused.
 */
export function keyedByJudgeAndEntry(schema: Schema): void {
  schema.pre("validate", function () {
    const doc = this as unknown as { isNew: boolean; entryId?: unknown; judgeId?: unknown; _id: unknown };
    if (doc.isNew && doc.entryId && doc.judgeId) doc._id = judgeEntryId(doc.entryId, doc.judgeId);
  });
  schema.pre(["updateOne", "updateMany", "findOneAndUpdate", "replaceOne", "findOneAndReplace"], function () {
    if (!this.getOptions().upsert) return;
    const filter = this.getFilter() as { _id?: unknown; entryId?: unknown; judgeId?: unknown };
    if (!isPlainId(filter.entryId) || !isPlainId(filter.judgeId)) throw new Error("An upsert of a judge-entry document must name entryId and judgeId");
    const id = judgeEntryId(filter.entryId, filter.judgeId);
    if (filter._id !== undefined && String(filter._id) !== String(id)) throw new Error("A judge-entry document's _id is derived from entryId and judgeId");
    this.where({ _id: id });
  });
}
