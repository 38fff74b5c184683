import { describe, expect, it } from "vitest";
import { SignInAttempt } from "@models/sign-in-attempt";
import { accountKey, checkAddress, claimGuess, deleteOldAttempts, lockedAccounts, recordAddressFailure, recordSuccess, unlockAccount, type Claim, type LimitRule } from "~/auth/rate-limit.server";

const RULE: LimitRule = { limit: 5, windowMs: 15 * 60_000 };
const granted = (claim: Claim) => {
  if (!claim.ok) throw new Error("claim refused");
  return claim;
};

async function failGuesses(username: string, count: number, at?: number) {
  for (let i = 0; i < count; i++) granted(await claimGuess(accountKey(username), RULE, at));
}

describe("sign-in guesses", () => {
  it("allows five guesses in a row, refuses the sixth, and a success ends the run", async () => {
    await failGuesses("alice", 4);
    const fifth = granted(await claimGuess(accountKey("ALICE"), RULE));
    expect(fifth.place).toBe(5);
    const sixth = await claimGuess(accountKey("alice"), RULE);
    expect(sixth).toEqual({ ok: false, retryAfterMinutes: 15 });
    await recordSuccess(accountKey("alice"), fifth);
    expect(granted(await claimGuess(accountKey("alice"), RULE)).place).toBe(1);
  });

  it("places 20 simultaneous guesses one after another: exactly five get checked", async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimGuess(accountKey("bob"), RULE)));
    const placed = claims.filter((c) => c.ok);
    expect(placed).toHaveLength(5);
    expect(placed.map((c) => c.place).sort()).toEqual([1, 2, 3, 4, 5]);
    // Every place was taken once: the unique _id let exactly one attempt take each.
    const rows = await SignInAttempt.find({ key: accountKey("bob") }).lean();
    expect(rows.map((r) => r.seq).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("records rows that arrive together for a new account without an error (their first rows race to create its head)", async () => {
    for (let account = 0; account < 5; account++) {
      const username = `fresh-${account}`;
      await Promise.all(Array.from({ length: 12 }, () => unlockAccount(username)));
      const claims = await Promise.all(Array.from({ length: 20 }, () => claimGuess(accountKey(username), RULE)));
      expect(claims.filter((c) => c.ok), username).toHaveLength(5);
    }
  }, 120_000);

  it("forgets guesses older than the window", async () => {
    await failGuesses("carol", 5, Date.now() - RULE.windowMs - 1000);
    expect((await claimGuess(accountKey("carol"), RULE)).ok).toBe(true);
  });

  it("the security administrator's unlock ends the lock, and the locked list shows who is locked", async () => {
    await failGuesses("erin", 5);
    expect((await lockedAccounts(RULE)).map((l) => l.username)).toContain("erin");
    await unlockAccount("erin");
    expect((await lockedAccounts(RULE)).map((l) => l.username)).not.toContain("erin");
    expect((await claimGuess(accountKey("erin"), RULE)).ok).toBe(true);
  });

  it("limits an address to about 100 failures per window, weighting the previous window by its overlap", async () => {
    const windowMs = RULE.windowMs;
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    for (let i = 0; i < 99; i++) await recordAddressFailure("10.9.9.9", windowMs, start + 1000);
    expect((await checkAddress("10.9.9.9", windowMs, start + 2000)).ok).toBe(true);
    await recordAddressFailure("10.9.9.9", windowMs, start + 1000);
    expect(await checkAddress("10.9.9.9", windowMs, start + 2000)).toMatchObject({ ok: false });
    // Half-way through the next window, half of those still count: room again.
    expect((await checkAddress("10.9.9.9", windowMs, start + windowMs * 1.5)).ok).toBe(true);
    expect((await checkAddress("10.9.9.8", windowMs, start + 2000)).ok).toBe(true);
  });

  it("finds a sequence's place again after its old rows and its head were swept", async () => {
    const long = Date.now() - 25 * 60 * 60 * 1000;
    await failGuesses("grace", 5, long);
    await deleteOldAttempts();
    expect(granted(await claimGuess(accountKey("grace"), RULE)).place).toBe(1);
  });

  it("never updates a row: outcomes are rows of their own", async () => {
    const claim = granted(await claimGuess(accountKey("frank"), RULE));
    await recordSuccess(accountKey("frank"), claim);
    const rows = await SignInAttempt.find({ key: accountKey("frank") }).sort({ seq: 1 }).lean(); // the head hint has no key
    expect(rows.map((r) => [r.seq, r.kind, r.settles ?? null])).toEqual([
      [1, "guess", null],
      [2, "succeeded", 1],
    ]);
  });
});
