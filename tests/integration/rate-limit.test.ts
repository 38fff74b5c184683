import { describe, expect, it } from "vitest";
import { ACCOUNT_LIMIT, checkSignInLimit, clearAccountFailures, recordSignInFailure, WINDOW_MS } from "~/auth/rate-limit.server";

describe("sign-in rate limit", () => {
  it("limits an account after five failures in a row and frees it after a success", async () => {
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) await recordSignInFailure("alice", "10.0.0.1");
    expect((await checkSignInLimit("alice", "10.0.0.1")).limited).toBe(false);
    await recordSignInFailure("alice", "10.0.0.1");
    const verdict = await checkSignInLimit("ALICE", "10.0.0.1");
    expect(verdict).toMatchObject({ limited: true, scope: "account" });
    await clearAccountFailures("alice");
    expect((await checkSignInLimit("alice", "10.0.0.1")).limited).toBe(false);
  });

  it("counts concurrent failures without losing any", async () => {
    await Promise.all(Array.from({ length: ACCOUNT_LIMIT }, () => recordSignInFailure("bob", "10.0.0.2")));
    expect((await checkSignInLimit("bob", "10.0.0.2")).limited).toBe(true);
  });

  it("forgets failures older than the window", async () => {
    const old = new Date(Date.now() - WINDOW_MS - 1000);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await recordSignInFailure("carol", "10.0.0.3", old);
    expect((await checkSignInLimit("carol", "10.0.0.3")).limited).toBe(false);
  });
});
