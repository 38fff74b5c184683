import { describe, expect, it } from "vitest";
import { SignInAttempt } from "@models/sign-in-attempt";
import { accountKey, claimGuess, lockedAccounts, settleGuess, unlockAccount, type LimitRule } from "~/auth/rate-limit.server";

const RULE: LimitRule = { limit: 5, windowMs: 15 * 60_000, resetBySuccess: true };

async function failGuesses(username: string, count: number, at?: number) {
  for (let i = 0; i < count; i++) {
    const claim = await claimGuess(accountKey(username), RULE, at);
    if (!claim.ok) throw new Error("claim refused");
    await settleGuess(claim.id, "failed");
  }
}

describe("sign-in guesses", () => {
  it("allows five failed guesses in a row, refuses the sixth, and a success ends the run", async () => {
    await failGuesses("alice", 4);
    const fifth = await claimGuess(accountKey("ALICE"), RULE);
    expect(fifth).toMatchObject({ ok: true, place: 5 });
    await settleGuess((fifth as { id: string }).id, "failed");
    const sixth = await claimGuess(accountKey("alice"), RULE);
    expect(sixth).toMatchObject({ ok: false });
    expect((sixth as { retryAfterMinutes: number }).retryAfterMinutes).toBe(15);
  });

  it("places 20 simultaneous guesses one after another: exactly five get checked", async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimGuess(accountKey("bob"), RULE)));
    const granted = claims.filter((c) => c.ok);
    expect(granted).toHaveLength(5);
    expect(granted.map((c) => (c as { place: number }).place).sort()).toEqual([1, 2, 3, 4, 5]);
    // Every place was taken once: the unique _id let exactly one attempt take each.
    const rows = await SignInAttempt.find({ key: accountKey("bob") }).lean();
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
  });

  it("forgets guesses older than the window", async () => {
    await failGuesses("carol", 5, Date.now() - RULE.windowMs - 1000);
    expect((await claimGuess(accountKey("carol"), RULE)).ok).toBe(true);
  });

  it("counts a guess still being checked, so a slow check cannot open room for more", async () => {
    for (let i = 0; i < 5; i++) expect((await claimGuess(accountKey("dave"), RULE)).ok).toBe(true); // all pending
    expect((await claimGuess(accountKey("dave"), RULE)).ok).toBe(false);
  });

  it("the security administrator's unlock ends the lock, and the locked list shows who is locked", async () => {
    await failGuesses("erin", 5);
    expect((await lockedAccounts(RULE)).map((l) => l.username)).toContain("erin");
    await unlockAccount("erin");
    expect((await lockedAccounts(RULE)).map((l) => l.username)).not.toContain("erin");
    expect((await claimGuess(accountKey("erin"), RULE)).ok).toBe(true);
  });

  it("an address limit is not reset by successes but counts only failures", async () => {
    const rule: LimitRule = { limit: 3, windowMs: RULE.windowMs, resetBySuccess: false };
    for (let i = 0; i < 2; i++) {
      const claim = await claimGuess("ip:10.9.9.9", rule);
      await settleGuess((claim as { id: string }).id, "failed");
    }
    const success = await claimGuess("ip:10.9.9.9", rule);
    await settleGuess((success as { id: string }).id, "succeeded");
    const third = await claimGuess("ip:10.9.9.9", rule);
    expect(third.ok).toBe(true);
    await settleGuess((third as { id: string }).id, "failed");
    expect((await claimGuess("ip:10.9.9.9", rule)).ok).toBe(false);
  });
});
