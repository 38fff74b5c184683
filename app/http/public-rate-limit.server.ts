/**
 * Rate limits for public forms (not sign-in, which has its own account-aware rules): at most
 * `limit` accepted submissions per key within `windowMs`. The submission is counted first and
 * then checked, so concurrent submissions cannot all slip through.
 */
import mongoose from "mongoose";
import { RateEvent } from "@models/rate-event";

export const PUBLIC_FORM_WINDOW_MS = 60 * 60 * 1000;

export async function takePublicFormSlot(key: string, limit: number, windowMs = PUBLIC_FORM_WINDOW_MS, now = Date.now()): Promise<boolean> {
  await RateEvent.create({ key, at: new Date(now) });
  const recent = await RateEvent.countDocuments({ key, at: mongoose.trusted({ $gt: new Date(now - windowMs) }) });
  return recent <= limit;
}

export async function deleteOldRateEvents(now = Date.now(), windowMs = 24 * 60 * 60 * 1000): Promise<number> {
  const result = await RateEvent.deleteMany({ at: mongoose.trusted({ $lt: new Date(now - windowMs) }) });
  return result.deletedCount;
}
