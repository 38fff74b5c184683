/**
 * How many password guesses a sign-in may make: per account at most `maxFailures` in a row
 * within the lockout window (the security administrator's setting; 5 in 15 minutes by default),
 * per address at most 100 failures within the window (an office shares one address).
 *
 * Exact under any concurrency: a guess is checked only after it took the next number in its
 * key's sequence with an insert the unique `_id` decides (models/sign-in-attempt.ts), and it
 * takes number n+1 only if the guesses before it leave room. However many requests arrive at
 * once, they are placed one after another, and the sixth in a row finds five before it.
 */
import mongoose from "mongoose";
import { SignInAttempt, type ATTEMPT_OUTCOMES } from "@models/sign-in-attempt";
import { isDuplicateKeyError } from "~/db.server";

export const ADDRESS_LIMIT = 100;
/** Rows are kept at least this long (the longest window the settings allow), then swept. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** A claim that keeps losing to others this often gives up (and is refused), rather than spin. */
const MAX_PLACEMENT_ROUNDS = 200;

export const accountKey = (username: string) => `u:${username.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

export interface LimitRule {
  limit: number;
  windowMs: number;
  /** Account keys: a success or an unlock ends the run of failures ("in a row"). */
  resetBySuccess: boolean;
}

export type Claim =
  | { ok: true; id: string; /** this guess's place in the run within the window (1 = first) */ place: number }
  | { ok: false; retryAfterMinutes: number };

type AttemptRow = { seq: number; at: Date; outcome: string };

async function latestAttempts(key: string, count: number): Promise<AttemptRow[]> {
  return SignInAttempt.find({ key }, { seq: 1, at: 1, outcome: 1 }).sort({ seq: -1 }).limit(count).lean();
}

/** The guesses that count against the rule among the latest rows (newest first). */
function countedGuesses(rows: AttemptRow[], rule: LimitRule, now: number): AttemptRow[] {
  const counted: AttemptRow[] = [];
  for (const row of rows) {
    if (rule.resetBySuccess && (row.outcome === "succeeded" || row.outcome === "unlocked")) break;
    if (row.outcome === "succeeded" || row.outcome === "unlocked") continue;
    if (row.at.getTime() > now - rule.windowMs) counted.push(row);
  }
  return counted;
}

async function insertNext(key: string, seq: number, at: Date, outcome: (typeof ATTEMPT_OUTCOMES)[number]): Promise<boolean> {
  try {
    await SignInAttempt.create({ _id: `${key}#${seq}`, key, seq, at, outcome });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Takes the next place for one guess, or answers how long until the rule leaves room. */
export async function claimGuess(key: string, rule: LimitRule, now = Date.now()): Promise<Claim> {
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    const rows = await latestAttempts(key, rule.limit);
    const counted = countedGuesses(rows, rule, now);
    if (counted.length >= rule.limit) {
      // Room again once the oldest counted guess leaves the window.
      const oldest = counted[counted.length - 1]!.at.getTime();
      return { ok: false, retryAfterMinutes: Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 60_000)) };
    }
    const seq = (rows[0]?.seq ?? 0) + 1;
    if (await insertNext(key, seq, new Date(now), "pending")) return { ok: true, id: `${key}#${seq}`, place: counted.length + 1 };
  }
  return { ok: false, retryAfterMinutes: 1 };
}

/** Records how a claimed guess ended (only its own row: one writer). */
export async function settleGuess(id: string, outcome: "failed" | "succeeded"): Promise<void> {
  await SignInAttempt.updateOne({ _id: id }, { $set: { outcome } });
}

/** The security administrator's unlock: a row that ends the account's run of failures. */
export async function unlockAccount(username: string, now = Date.now()): Promise<void> {
  const key = accountKey(username);
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    const [latest] = await latestAttempts(key, 1);
    if (await insertNext(key, (latest?.seq ?? 0) + 1, new Date(now), "unlocked")) return;
  }
  throw new Error(`could not unlock ${username}: the attempts kept moving`);
}

/** Accounts locked now, with when they free up (a scan of this small, swept collection). */
export async function lockedAccounts(rule: Omit<LimitRule, "resetBySuccess">, now = Date.now()): Promise<{ username: string; retryAfterMinutes: number }[]> {
  const recent = await SignInAttempt.find({ at: mongoose.trusted({ $gt: new Date(now - rule.windowMs) }) }, { key: 1 }).lean();
  const usernames = [...new Set(recent.map((r) => r.key).filter((k) => k.startsWith("u:")))].map((k) => k.slice(2));
  const verdicts = await Promise.all(
    usernames.map(async (username) => {
      const rows = await latestAttempts(accountKey(username), rule.limit);
      const counted = countedGuesses(rows, { ...rule, resetBySuccess: true }, now);
      if (counted.length < rule.limit) return null;
      const oldest = counted[counted.length - 1]!.at.getTime();
      return { username, retryAfterMinutes: Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 60_000)) };
    }),
  );
  return verdicts.filter((v) => v !== null).sort((a, b) => a.username.localeCompare(b.username));
}

export async function deleteOldAttempts(now = Date.now()): Promise<number> {
  const result = await SignInAttempt.deleteMany({ at: mongoose.trusted({ $lt: new Date(now - KEEP_MS) }) });
  return result.deletedCount;
}
