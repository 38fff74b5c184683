/**
 * Failed sign-ins are limited per account (5 in a row, then 15 minutes' pause) and per
 * address (100 within 15 minutes: an office shares one address). Each failure is an inserted row; counting rows needs no
 * compare-and-set, so concurrent attempts cannot slip past the limit.
 */
import mongoose from "mongoose";
import { LoginFailure } from "@models/login-failure";

export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 100;
export const WINDOW_MS = 15 * 60 * 1000;

const accountKey = (username: string) => `u:${username.toLowerCase()}`;
const addressKey = (address: string) => `ip:${address}`;

export type LimitVerdict = { limited: false } | { limited: true; scope: "account" | "address"; retryAfterMinutes: number };

async function verdictFor(key: string, limit: number, now: number): Promise<{ limited: boolean; retryAfterMinutes: number }> {
  const recent = await LoginFailure.find({ key, at: mongoose.trusted({ $gt: new Date(now - WINDOW_MS) }) }, { at: 1 })
    .sort({ at: -1 })
    .limit(limit)
    .lean();
  if (recent.length < limit) return { limited: false, retryAfterMinutes: 0 };
  // Locked until the oldest of the last `limit` failures leaves the window.
  const oldest = recent[recent.length - 1]!.at.getTime();
  return { limited: true, retryAfterMinutes: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 60_000)) };
}

export async function checkSignInLimit(username: string, address: string, now = Date.now()): Promise<LimitVerdict> {
  const account = await verdictFor(accountKey(username), ACCOUNT_LIMIT, now);
  if (account.limited) return { limited: true, scope: "account", retryAfterMinutes: account.retryAfterMinutes };
  const byAddress = await verdictFor(addressKey(address), ADDRESS_LIMIT, now);
  if (byAddress.limited) return { limited: true, scope: "address", retryAfterMinutes: byAddress.retryAfterMinutes };
  return { limited: false };
}

export async function recordSignInFailure(username: string, address: string, now = new Date()): Promise<void> {
  await LoginFailure.insertMany([
    { key: accountKey(username), at: now },
    { key: addressKey(address), at: now },
  ]);
}

/** A successful sign-in ends the account's run of failures ("in a row"). */
export async function clearAccountFailures(username: string): Promise<void> {
  await LoginFailure.deleteMany({ key: accountKey(username) });
}

export async function deleteOldFailures(now = Date.now()): Promise<number> {
  const result = await LoginFailure.deleteMany({ at: mongoose.trusted({ $lt: new Date(now - WINDOW_MS) }) });
  return result.deletedCount;
}
