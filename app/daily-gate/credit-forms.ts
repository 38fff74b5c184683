/** Credit-list forms and query parameters (client-safe). */
import { z } from "zod";
import { CREDIT_LISTS, MANUAL_LISTING_REASONS } from "~/domain/credit";

export const listQuerySchema = z.object({ list: z.enum(CREDIT_LISTS) });

const optionalDay = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dailyGate.error.date")]).default("");

/** A listing recorded by hand: the ground decides the list; an unreachable domicile carries its two letters' days. */
export const recordListingSchema = z.object({
  uscc: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, "dailyGate.error.uscc"),
  reason: z.enum(MANUAL_LISTING_REASONS, "dailyGate.error.reason"),
  detail: z.string().trim().min(1, "dailyGate.error.required").max(2000, "dailyGate.error.tooLong"),
  firstLetterOn: optionalDay,
  secondLetterOn: optionalDay,
});

export const removeListingSchema = z.object({
  listingId: z.string().regex(/^[0-9a-f]{24}$/i, "validation.invalid"),
  note: z.string().trim().min(1, "dailyGate.error.required").max(2000, "dailyGate.error.tooLong"),
});
