/**
 * `npm run bench:workflow`: workflow transitions per second on one case (sequential, as one
 * busy case is) and across many cases (16 at a time), each against the bare driver writes a
 * transition needs (one log insert + one case update), measured in the same run on the same
 * database. Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { installRegistries } from "../../app/registries.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../../app/db.server";
import { REGISTRATION_KIND } from "../../app/registration/registration-workflow.server";
import { createCase, sendEvent, type Actor } from "../../app/workflow/engine.server";
import { resolveDatabase } from "../lib/database";

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const CASES = Number(process.env.BENCH_CASES ?? 400);
const CONCURRENCY = 16;
const actor: Actor = { userId: null, name: "bench", role: "regulator" };

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function timed(label: string, count: number, run: () => Promise<void>) {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  return { label, count, seconds, perSecond: count / seconds };
}

async function caseInReview(i: number): Promise<string> {
  const name = `银川市基准测试${i}服务中心`;
  const created = await createCase({ kind: REGISTRATION_KIND, input: { orgType: "socialServiceAgency", proposedName: name }, title: name, data: { application: {} }, actor });
  const id = String(created._id);
  await sendEvent(id, { type: "SUBMIT", complete: true }, { actor });
  await sendEvent(id, { type: "ACCEPT" }, { actor });
  return id;
}

const opinion = (n: number) => ({ type: "RECORD_SPONSOR_OPINION", opinion: `意见 ${n}` });

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-bench-wf-"));
  const database = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: `bench_wf_${Date.now()}` });
  try {
    installRegistries();
    await connectDatabase(database.uri);
    await ensureIndexes();
    const db = mongoose.connection.db!;
    const bareLog = db.collection("bench_log");
    const bareCases = db.collection("bench_cases");
    await bareLog.createIndex({ caseId: 1, seq: 1 }, { unique: true });

    // One case, sequential. The bare writes carry the same snapshot a real case does.
    const single = await caseInReview(0);
    const { snapshot } = (await mongoose.connection.db!.collection("workflowcases").findOne({ _id: new mongoose.Types.ObjectId(single) }))!;
    const logRow = (n: number, caseId: mongoose.Types.ObjectId) => ({ caseId, seq: n, kind: REGISTRATION_KIND, event: "RECORD_SPONSOR_OPINION", payload: { opinion: `意见 ${n}` }, actor, from: "review", to: "review", comment: "", snapshot, machineVersion: 1, at: new Date() });
    const bareSingle = new mongoose.Types.ObjectId();
    await bareCases.insertOne({ _id: bareSingle, seq: 0, snapshot });
    const bareOne = await timed("bare writes, one case", SEQUENTIAL, async () => {
      for (let n = 1; n <= SEQUENTIAL; n++) {
        await bareLog.insertOne(logRow(n, bareSingle));
        await bareCases.updateOne({ _id: bareSingle }, { $set: { seq: n, state: "review", snapshot } });
      }
    });
    const engineOne = await timed("engine, one case", SEQUENTIAL, async () => {
      for (let n = 1; n <= SEQUENTIAL; n++) await sendEvent(single, opinion(n), { actor });
    });

    // Many cases, 16 at a time.
    const ids: string[] = [];
    for (let i = 1; i <= CASES; i++) ids.push(await caseInReview(i));
    const bareIds = ids.map(() => new mongoose.Types.ObjectId());
    await bareCases.insertMany(bareIds.map((_id) => ({ _id, seq: 0, snapshot })));
    const bareMany = await timed(`bare writes, ${CASES} cases × ${CONCURRENCY} at a time`, CASES, () =>
      pool(bareIds, CONCURRENCY, async (id) => {
        await bareLog.insertOne(logRow(1, id));
        await bareCases.updateOne({ _id: id }, { $set: { seq: 1, state: "review", snapshot } });
      }),
    );
    const engineMany = await timed(`engine, ${CASES} cases × ${CONCURRENCY} at a time`, CASES, () =>
      pool(ids, CONCURRENCY, async (id) => {
        await sendEvent(id, opinion(1), { actor });
      }),
    );

    console.log("\n| measurement | transitions | seconds | per second | ratio to bare writes |");
    console.log("|---|---|---|---|---|");
    for (const [row, base] of [
      [bareOne, bareOne],
      [engineOne, bareOne],
      [bareMany, bareMany],
      [engineMany, bareMany],
    ] as const) {
      console.log(`| ${row.label} | ${row.count} | ${row.seconds.toFixed(2)} | ${row.perSecond.toFixed(0)} | ${(row.perSecond / base.perSecond).toFixed(2)} |`);
    }
    console.log(`\nTarget: engine across many cases ≥ 0.5 × bare writes → ${(engineMany.perSecond / bareMany.perSecond).toFixed(2)}`);
  } finally {
    await disconnectDatabase();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
