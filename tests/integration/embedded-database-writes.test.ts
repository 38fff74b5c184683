/**
 * What our FerretDB patches (ADR 001, FERRETDB_PATCHES in scripts/lib/embedded-db.ts) must keep
 * true of update commands, as MongoDB does: a bulk write of hundreds of updates completes, each
 * statement sees the earlier ones, a failure keeps what came before it, and a filter on _id plus
 * other fields (now looked up by the _id index) still applies the other fields.
 */
import mongoose from "mongoose";
import { beforeEach, describe, expect, it } from "vitest";

const collection = () => mongoose.connection.db!.collection<{ _id: mongoose.Types.ObjectId; n: number; state: string }>("patched_writes");
const ids = Array.from({ length: 250 }, () => new mongoose.Types.ObjectId());

beforeEach(async () => {
  await collection().deleteMany({});
  await collection().insertMany(ids.map((_id) => ({ _id, n: 0, state: "draft" })));
});

describe("update commands on the embedded database", () => {
  it("a bulk write of hundreds of updates applies every one, and a later statement sees an earlier one on the same document", async () => {
    const result = await collection().bulkWrite(
      [
        ...ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })),
        // Same documents again, filtered on the value the first pass wrote.
        ...ids.slice(0, 100).map((_id) => ({ updateOne: { filter: { _id, n: 1 }, update: { $inc: { n: 10 } } } })),
        { updateOne: { filter: { n: 11 }, update: { $set: { state: "seenByAFilterWithoutId" } } } },
      ],
      { ordered: true },
    );
    expect(result.modifiedCount).toBe(351);
    const rows = await collection().find({}).toArray();
    expect(rows.filter((r) => r.n === 11)).toHaveLength(100);
    expect(rows.filter((r) => r.n === 1)).toHaveLength(150);
    expect(rows.filter((r) => r.state === "seenByAFilterWithoutId")).toHaveLength(1);
  });

  it("a filter on _id and another field changes only a document that matches both", async () => {
    await collection().updateOne({ _id: ids[0] }, { $set: { state: "exiting" } });
    const result = await collection().bulkWrite(
      ids.slice(0, 3).map((_id) => ({ updateOne: { filter: { _id, state: "draft" }, update: { $set: { state: "listed" } } } })),
      { ordered: false },
    );
    expect(result.matchedCount).toBe(2);
    expect((await collection().findOne({ _id: ids[0] }))?.state).toBe("exiting");
    expect((await collection().findOne({ _id: ids[1] }))?.state).toBe("listed");
    expect(await collection().countDocuments({ _id: ids[0], state: "listed" })).toBe(0);
    expect(await collection().countDocuments({ _id: ids[1], state: "listed" })).toBe(1);
  });

  it("an update refused partway keeps the updates before it", async () => {
    await expect(
      collection().bulkWrite(
        [
          { updateOne: { filter: { _id: ids[0] }, update: { $set: { state: "first" } } } },
          { updateOne: { filter: { _id: ids[1] }, update: { $set: { state: "second" } } } },
          { updateOne: { filter: { _id: ids[2] }, update: { $set: { _id: new mongoose.Types.ObjectId() } } } },
        ],
        { ordered: true },
      ),
    ).rejects.toThrow();
    expect((await collection().findOne({ _id: ids[0] }))?.state).toBe("first");
    expect((await collection().findOne({ _id: ids[1] }))?.state).toBe("second");
    expect(await collection().countDocuments({})).toBe(ids.length);
  });

  it("updateMany changes every matching document and no other", async () => {
    await collection().updateMany({ _id: mongoose.trusted({ $in: ids.slice(0, 40) }) as never }, { $set: { state: "overdue" } });
    const result = await collection().updateMany({ state: "overdue" }, { $inc: { n: 5 } });
    expect(result.modifiedCount).toBe(40);
    expect(await collection().countDocuments({ n: 5, state: "overdue" })).toBe(40);
    expect(await collection().countDocuments({ n: 0, state: "draft" })).toBe(ids.length - 40);
  });
});
