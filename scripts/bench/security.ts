/**
 * `npm run bench:security`: what the security controls cost, each beside its bare baseline
 * measured in the same run on the same database:
 *  - audit appends per second, one writer and 8 concurrent (the SM3 chain serializes them),
 *    against bare driver inserts of the same documents;
 *  - chain verification (`npm run audit:verify`) in records per second over the trail written;
 *  - placing a sign-in guess (the unique-_id sequence) against a bare insert, alone and with
 *    20 guesses for one account arriving at once;
 *  - sealing and opening personal data (SM4-CBC + HMAC-SM3) per second in process, against
 *    the same construction with AES-128-CBC + HMAC-SHA-256;
 *  - per operation: an audit record's SM3 against SHA-256 of the same bytes, and argon2id (the
 *    hash a sign-in verifies) against the database work a sign-in does anyway (a bare insert).
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { createCipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { recordAudit } from "../../app/audit/audit-trail.server";
import { canonicalJson, recordHash, type ChainedFields } from "../../app/audit/chain.server";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { verifyAuditChain } from "../../app/audit/verify.server";
import { accountKey, claimGuess } from "../../app/auth/rate-limit.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../../app/db.server";
import { open, seal } from "../../app/personal-data/sm4.server";
import { resolveDatabase } from "../lib/database";

const APPENDS = Number(process.env.BENCH_APPENDS ?? 3000);
const GUESSES = Number(process.env.BENCH_GUESSES ?? 300);
const actor = { id: "64b000000000000000000001", username: "bench", displayName: "基准", role: "regulator" };

async function timed(count: number, run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: count / seconds };
}

async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

/** Microseconds per operation, with the ratio to the baseline's. */
function perOperation(label: string, measured: { perSecond: number }, baseline: { perSecond: number }, baselineLabel: string) {
  const us = (m: { perSecond: number }) => 1e6 / m.perSecond;
  console.log(`${label.padEnd(58)} ${us(measured).toFixed(1).padStart(9)} µs/op  (${(us(measured) / us(baseline)).toFixed(2)}× ${baselineLabel}, ${us(baseline).toFixed(1)} µs)`);
}

function row(label: string, measured: { perSecond: number }, baseline?: { perSecond: number }) {
  const ratio = baseline ? `  (${(measured.perSecond / baseline.perSecond).toFixed(2)}× the baseline, ${baseline.perSecond.toFixed(0)}/s)` : "";
  console.log(`${label.padEnd(58)} ${measured.perSecond.toFixed(0).padStart(8)}/s${ratio}`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-bench-security-"));
const database = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, databaseName: `bench_security_${Date.now()}` });
try {
  await connectDatabase(database.uri);
  await ensureIndexes();
  const bare = mongoose.connection.collection("bench_bare");
  const doc = (i: number) => ({ _id: i, at: new Date(), actor: { userId: actor.id, username: "bench", displayName: "基准", role: "regulator" }, address: "127.0.0.1", action: "export.excel", object: { kind: "register", id: "", label: `f${i}` }, outcome: "success", detail: { n: String(i) }, prevHash: "0".repeat(64), hash: "0".repeat(64) });

  // Warm the connection, the database and both code paths first: otherwise the row measured
  // first pays for them and the ratios lean its way.
  for (let i = 0; i < 200; i++) await bare.insertOne({ ...doc(-1 - i), _id: `warm${i}` } as never);
  for (let i = 0; i < 200; i++) await recordAudit({ actor, action: "export.excel", object: { kind: "register", label: `warm${i}` } });
  console.log(`Audit trail (${APPENDS} records per row)`);
  const bareOne = await timed(APPENDS, async () => { for (let i = 0; i < APPENDS; i++) await bare.insertOne(doc(i) as never); });
  const chainOne = await timed(APPENDS, async () => { for (let i = 0; i < APPENDS; i++) await recordAudit({ actor, action: "export.excel", object: { kind: "register", label: `f${i}` }, detail: { n: i } }); });
  row("append, one writer", chainOne, bareOne);
  const bareMany = await timed(APPENDS, () => inParallel(APPENDS, 8, (i) => bare.insertOne(doc(APPENDS + i) as never)));
  const chainMany = await timed(APPENDS, () => inParallel(APPENDS, 8, (i) => recordAudit({ actor, action: "export.excel", object: { kind: "register", label: `g${i}` }, detail: { n: i } })));
  row("append, 8 concurrent writers", chainMany, bareMany);
  const total = 2 * APPENDS + 200;
  const readAll = await timed(total, async () => { for await (const _ of bare.find({}).sort({ _id: 1 })) void _; });
  let checked = 0;
  const verify = await timed(total, async () => { checked = (await verifyAuditChain()).checked; });
  row(`verify the chain (${checked} records; baseline: read them all)`, verify, readAll);

  console.log(`\nSign-in guesses (${GUESSES} per row)`);
  const bareGuess = await timed(GUESSES, async () => { for (let i = 0; i < GUESSES; i++) await bare.insertOne({ _id: `g${i}`, key: "u:x", seq: i, at: new Date(), kind: "guess" } as never); });
  const rule = { limit: 5, windowMs: 15 * 60_000 };
  const placed = await timed(GUESSES, async () => { for (let i = 0; i < GUESSES; i++) await claimGuess(accountKey(`bench${i}`), rule); });
  row("place a guess (no contention)", placed, bareGuess);
  const rounds = Math.max(1, Math.floor(GUESSES / 20));
  const burst = await timed(rounds * 20, async () => {
    for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: 20 }, () => claimGuess(accountKey(`burst${r}`), rule)));
  });
  row("20 guesses for one account at once (5 placed, 15 refused)", burst, bareGuess);

  console.log("\nPersonal data, in process");
  const sealed: string[] = [];
  const sealing = await timed(20_000, async () => { for (let i = 0; i < 20_000; i++) sealed.push(seal(`6401041988031500${String(i % 100).padStart(2, "0")}`)); });
  row("seal (SM4-CBC + HMAC-SM3)", sealing);
  const opening = await timed(20_000, async () => { for (const value of sealed) open(value); });
  row("open (check the MAC, decrypt)", opening);
  const aesKey = randomBytes(16);
  const macKey = randomBytes(32);
  const aesSealing = await timed(20_000, async () => {
    for (let i = 0; i < 20_000; i++) {
      const iv = randomBytes(16);
      const cipher = createCipheriv("aes-128-cbc", aesKey, iv);
      const body = Buffer.concat([cipher.update(`6401041988031500${String(i % 100).padStart(2, "0")}`), cipher.final()]);
      createHmac("sha256", macKey).update(iv).update(body).digest();
    }
  });
  perOperation("seal: SM4-CBC + HMAC-SM3", sealing, aesSealing, "AES-128-CBC + HMAC-SHA-256");

  console.log("\nPer operation");
  const sample: ChainedFields = { seq: 1, at: new Date(), actor: { userId: actor.id, username: "bench", displayName: "基准", role: "regulator" }, address: "127.0.0.1", action: "signIn.success", object: { kind: "user", id: actor.id, label: "bench" }, outcome: "success", detail: {}, prevHash: "0".repeat(64) };
  const text = canonicalJson({ ...sample, at: sample.at.toISOString() });
  const sm3 = await timed(50_000, async () => { for (let i = 0; i < 50_000; i++) recordHash(sample); });
  // The baseline serializes the same way, so the ratio is the hash function's alone.
  const sha = await timed(50_000, async () => { for (let i = 0; i < 50_000; i++) createHash("sha256").update(canonicalJson({ ...sample, at: sample.at.toISOString() })).digest("hex"); });
  perOperation(`audit record hash: SM3 (${Buffer.byteLength(text)} bytes)`, sm3, sha, "SHA-256");
  const stored = await hashPassword("Correct-Horse-42");
  const ARGON = 20;
  const argon = await timed(ARGON, async () => { for (let i = 0; i < ARGON; i++) await verifyPassword(stored, "Correct-Horse-42"); });
  perOperation("sign-in: argon2id verify (19 MiB, 2 passes)", argon, bareGuess, "a bare insert");
} finally {
  await disconnectDatabase();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
