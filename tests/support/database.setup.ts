/**
 * Per test file: a database of this worker's own (test_<pool id>), emptied and indexed before
 * the file runs. Commands are never buffered (db.server.ts), so a dead database fails fast.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "~/db.server";

beforeAll(async () => {
  const name = `test_${process.env.VITEST_POOL_ID ?? "0"}`;
  await connectDatabase(inject("mongoUriTemplate").replace("{db}", name));
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
});

afterAll(async () => {
  await disconnectDatabase();
});
