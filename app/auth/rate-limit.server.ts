/**
 * How many password guesses a sign-in may make.
 *
 * Per account, exactly: at most `maxFailures` guesses in a row within the lockout window (the
 * security administrator's setting; 5 in 15 minutes by default), whatever the concurrency. A
 * guess is checked only after it took the next number in the account's sequence with an insert
 * the unique `_id` decides (models/sign-in-attempt.ts), and it takes number n+1 only if the
 * guesses n-4…n before it leave room. However many requests arrive at once, they are placed one
 * after another, and the sixth in a row finds five before it. A guess counts from the moment it
 * is placed, whatever its outcome; only a success (or an unlock) row after it ends the run.
 *
 * Per address, approximately: at most about 100 failures per window (an office shares one
 * address), counted in fixed windows with the previous window weighted by how much of it still
 * overlaps (a sliding-window estimate). It slows down guessing across many accounts; the exact
 * bound is the account's.
 *
 * Every read is an `_id` lookup (the embedded database's fast path): each sequence keeps a head
 * row naming its latest number — a hint only, moved forward with `$max`; the truth is the rows,
 * probed forward from the hint.
 */
import mongoose from "mongoose";
import { SignInAttempt, type ATTEMPT_KINDS } from "@models/sign-in-attempt";
import { isDuplicateKeyError } from "~/db.server";
import { upsertWinningRace } from "~/upsert-race.server";

export const ADDRESS_LIMIT = 100;
/** Rows are kept at least this long (the longest window the settings allow), then swept. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** A placement that keeps losing to others this often gives up (and is refused), rather than spin. */
const MAX_PLACEMENT_ROUNDS = 200;

export const accountKey = (username: string) => `u:${username.trim().toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

export interface LimitRule {
  limit: number;
  windowMs: number;
}

export type Claim =
  | { ok: true; id: string; seq: number; /** this guess's place in the run within the window (1 = first) */ place: number }
  | { ok: false; retryAfterMinutes: number };

type RowKind = (typeof ATTEMPT_KINDS)[number];
type AttemptRow = { seq: number; at: Date; kind: RowKind };

const rowId = (key: string, seq: number) => `${key}#${seq}`;
const headId = (key: string) => `${key}#head`;

async function rowExists(key: string, seq: number): Promise<boolean> {
  return (await SignInAttempt.exists({ _id: rowId(key, seq) })) !== null;
}

/**
 * The sequence's latest number: from the head hint, probed forward. No head means a sequence
 * never used, or one whose rows (all older than the longest window) are swept with it: probing
 * from the start then finds whatever is left, which the window ignores anyway.
 */
async function latestSeq(key: string): Promise<number> {
  const head = await SignInAttempt.collection.findOne({ _id: headId(key) as never }, { projection: { seq: 1 } });
  let seq = typeof head?.seq === "number" ? head.seq : 0;
  while (await rowExists(key, seq + 1)) seq++;
  return seq;
}

/** Rows `from` down to `from - count + 1`, newest first (missing ones were swept or never were). */
async function rowsBack(key: string, from: number, count: number): Promise<AttemptRow[]> {
  const seqs = Array.from({ length: Math.min(count, from) }, (_, i) => from - i);
  const rows = await Promise.all(seqs.map((seq) => SignInAttempt.findById(rowId(key, seq), { seq: 1, at: 1, kind: 1 }).lean()));
  return rows.filter((r): r is NonNullable<typeof r> => r !== null);
}

async function insertAt(key: string, seq: number, at: Date, kind: RowKind, settles?: number): Promise<boolean> {
  try {
    await SignInAttempt.create({ _id: rowId(key, seq), key, seq, at, kind, settles });
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
  await moveHead(key, seq, at);
  return true;
}

/** The head only moves forward and is a hint: should it lag (a second lost race to create it), readers probe past it. */
async function moveHead(key: string, seq: number, at: Date): Promise<void> {
  await upsertWinningRace(() => SignInAttempt.collection.updateOne({ _id: headId(key) as never }, { $max: { seq }, $set: { at } }, { upsert: true }));
}

/** Appends a row at the next free place of the key's sequence; answers its number. */
async function append(key: string, kind: RowKind, settles?: number, now = Date.now()): Promise<number> {
  let seq = await latestSeq(key);
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    if (await insertAt(key, seq + 1, new Date(now), kind, settles)) return seq + 1;
    seq++;
  }
  throw new Error(`could not record ${kind} for ${key}: the sequence kept moving`);
}

/** The guesses that count: those before the newest success or unlock, within the window (newest first). */
function runOfGuesses(rows: AttemptRow[], windowMs: number, now: number): AttemptRow[] {
  const run: AttemptRow[] = [];
  for (const row of rows) {
    if (row.kind !== "guess") break;
    if (row.at.getTime() > now - windowMs) run.push(row);
  }
  return run;
}

const retryAfter = (oldest: number, windowMs: number, now: number) => Math.max(1, Math.ceil((oldest + windowMs - now) / 60_000));

/** Takes the account's next place for one guess, or answers how long until the rule leaves room. */
export async function claimGuess(key: string, rule: LimitRule, now = Date.now()): Promise<Claim> {
  let latest = await latestSeq(key);
  for (let round = 0; round < MAX_PLACEMENT_ROUNDS; round++) {
    const run = runOfGuesses(await rowsBack(key, latest, rule.limit), rule.windowMs, now);
    if (run.length >= rule.limit) {
      // Room again once the oldest guess of the run leaves the window.
      return { ok: false, retryAfterMinutes: retryAfter(run[run.length - 1]!.at.getTime(), rule.windowMs, now) };
    }
    if (await insertAt(key, latest + 1, new Date(now), "guess")) return { ok: true, id: rowId(key, latest + 1), seq: latest + 1, place: run.length + 1 };
    latest++; // someone took that place: look again from it
  }
  return { ok: false, retryAfterMinutes: 1 };
}

/** A guess proved right: the account's run of failures ends. */
export async function recordSuccess(key: string, claim: { seq: number }): Promise<void> {
  await append(key, "succeeded", claim.seq);
}

/** The security administrator's unlock: a row that ends the account's run of failures. */
export async function unlockAccount(username: string, now = Date.now()): Promise<void> {
  await append(accountKey(username), "unlocked", undefined, now);
}

const addressWindowKey = (address: string, windowMs: number, window: number) => `${addressKey(address)}@${windowMs}:${window}`;

/** About how many sign-ins failed from this address in the last window; room left, or the wait. */
export async function checkAddress(address: string, windowMs: number, now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfterMinutes: number }> {
  const window = Math.floor(now / windowMs);
  const [current, previous] = await Promise.all([latestSeq(addressWindowKey(address, windowMs, window)), latestSeq(addressWindowKey(address, windowMs, window - 1))]);
  const overlap = 1 - (now - window * windowMs) / windowMs;
  if (current + previous * overlap < ADDRESS_LIMIT) return { ok: true };
  return { ok: false, retryAfterMinutes: retryAfter(window * windowMs, windowMs, now) };
}

/** One more failed sign-in from this address. */
export async function recordAddressFailure(address: string, windowMs: number, now = Date.now()): Promise<void> {
  await append(addressWindowKey(address, windowMs, Math.floor(now / windowMs)), "guess", undefined, now);
}

/** Accounts locked now, with when they free up (reads the recent rows of this small, swept collection). */
export async function lockedAccounts(rule: LimitRule, now = Date.now()): Promise<{ username: string; retryAfterMinutes: number }[]> {
  const recent = await SignInAttempt.find({ kind: "guess", at: mongoose.trusted({ $gt: new Date(now - rule.windowMs) }) }, { key: 1 }).lean();
  const usernames = [...new Set(recent.map((r) => r.key).filter((k) => k.startsWith("u:")))].map((k) => k.slice(2));
  const verdicts = await Promise.all(
    usernames.map(async (username) => {
      const key = accountKey(username);
      const run = runOfGuesses(await rowsBack(key, await latestSeq(key), rule.limit), rule.windowMs, now);
      return run.length < rule.limit ? null : { username, retryAfterMinutes: retryAfter(run[run.length - 1]!.at.getTime(), rule.windowMs, now) };
    }),
  );
  return verdicts.filter((v) => v !== null).sort((a, b) => a.username.localeCompare(b.username));
}

export async function deleteOldAttempts(now = Date.now()): Promise<number> {
  const result = await SignInAttempt.deleteMany({ at: mongoose.trusted({ $lt: new Date(now - KEEP_MS) }) });
  return result.deletedCount;
}
