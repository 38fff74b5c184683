/**
 * How many password guesses a sign-in may make: per account at most `maxFailures` in a row
 * within the lockout window (the security administrator's setting; 5 in 15 minutes by default),
 * per address at most 100 failures within the window (an office shares one address).
 *
 * Exact under any concurrency: a guess is checked only after it took the next number in its
 * key's sequence with an insert the unique `_id` decides (models/sign-in-attempt.ts), and it
 * takes number n+1 only if the guesses before it leave room. However many requests arrive at
 * once, they are placed one after another, and the sixth in a row finds five before it. A guess
 * counts from the moment it is placed, whatever its outcome; only a success row undoes it.
 */
import mongoose from "mongoose";
import { SignInAttempt, type ATTEMPT_KINDS } from "@models/sign-in-attempt";
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
  | { ok: true; id: string; seq: number; /** this guess's place in the run within the window (1 = first) */ place: number }
  | { ok: false; retryAfterMinutes: number };

type AttemptRow = { seq: number; at: Date; kind: (typeof ATTEMPT_KINDS)[number]; settles?: number | null };
const ROW_FIELDS = { seq: 1, at: 1, kind: 1, settles: 1 } as const;

async function latestAttempts(key: string, count: number): Promise<AttemptRow[]> {
  return SignInAttempt.find({ key }, ROW_FIELDS).sort({ seq: -1 }).limit(count).lean();
}

async function attemptsSince(key: string, since: number): Promise<AttemptRow[]> {
  const [latest] = await latestAttempts(key, 1);
  const recent = await SignInAttempt.find({ key, at: mongoose.trusted({ $gt: new Date(since) }) }, ROW_FIELDS).sort({ seq: -1 }).lean();
  // The newest row decides the next number even when it is older than the window.
  return latest && recent[0]?.seq !== latest.seq ? [latest, ...recent] : recent;
}

/** The guesses that count against the rule among the rows read (newest first). */
function countedGuesses(rows: AttemptRow[], rule: LimitRule, now: number): AttemptRow[] {
  const proven = new Set(rows.filter((r) => r.kind === "succeeded").map((r) => r.settles));
  const counted: AttemptRow[] = [];
  for (const row of rows) {
    if (row.kind !== "guess") {
      if (rule.resetBySuccess) break; // a success or an unlock ends the run "in a row"
      continue;
    }
    if (!proven.has(row.seq) && row.at.getTime() > now - rule.windowMs) counted.push(row);
  }
  return counted;
}

async function insertNext(key: string, seq: number, at: Date, kind: AttemptRow["kind"], settles?: number): Promise<boolean> {
  try {
    await SignInAttempt.create({ _id: `${key}#${seq}`, key, seq, at, kind, settles });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Appends a row at the next free place of the key's sequence (a success, an unlock). */
async function appendMarker(key: string, kind: "succeeded" | "unlocked", settles?: number, now = Date.now()): Promise<void> {
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    const [latest] = await latestAttempts(key, 1);
    if (await insertNext(key, (latest?.seq ?? 0) + 1, new Date(now), kind, settles)) return;
  }
  throw new Error(`could not record ${kind} for ${key}: the sequence kept moving`);
}

/** Takes the next place for one guess, or answers how long until the rule leaves room. */
export async function claimGuess(key: string, rule: LimitRule, now = Date.now()): Promise<Claim> {
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    // A run "in a row" is decided by the last `limit` rows; a count of failures by the window's rows.
    const rows = rule.resetBySuccess ? await latestAttempts(key, rule.limit) : await attemptsSince(key, now - rule.windowMs);
    const counted = countedGuesses(rows, rule, now);
    if (counted.length >= rule.limit) {
      // Room again once the oldest counted guess leaves the window.
      const oldest = counted[counted.length - 1]!.at.getTime();
      return { ok: false, retryAfterMinutes: Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 60_000)) };
    }
    const seq = (rows[0]?.seq ?? 0) + 1;
    if (await insertNext(key, seq, new Date(now), "guess")) return { ok: true, id: `${key}#${seq}`, seq, place: counted.length + 1 };
  }
  return { ok: false, retryAfterMinutes: 1 };
}

/** A guess proved right: for an account it ends the run of failures; for an address it no longer counts. */
export async function recordSuccess(key: string, claim: { seq: number }): Promise<void> {
  await appendMarker(key, "succeeded", claim.seq);
}

/** The security administrator's unlock: a row that ends the account's run of failures. */
export async function unlockAccount(username: string, now = Date.now()): Promise<void> {
  await appendMarker(accountKey(username), "unlocked", undefined, now);
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
