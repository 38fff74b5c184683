/**
 * What the registration case page offers (client-safe): which states are open, and what each
 * workflow intent asks for in its form. The server validates the same schemas.
 */
import { z } from "zod";
import type { RegistrationEventType } from "@machines/registration.machine";

/** WorkflowCase.kind (and attachment case kind) of registration applications. */
export const REGISTRATION_KIND = "registration";

export const OPEN_STATES = ["submitted", "correction", "preparationReview", "preparing", "review"] as const;
export const CLOSED_STATES = ["registered", "denied", "withdrawn", "lapsed"] as const;

/** Events the applicant sends; every other user-facing event is the registration authority's. */
export const APPLICANT_EVENTS: RegistrationEventType[] = ["SUBMIT", "RESUBMIT", "RECORD_FOUNDING_MEETING", "WITHDRAW"];
export const REGULATOR_EVENTS: RegistrationEventType[] = ["ACCEPT", "REQUEST_CORRECTION", "RECORD_SPONSOR_OPINION", "APPROVE_PREPARATION", "APPROVE", "DENY"];

const text = (key: "registration.error.items" | "registration.error.reason" | "registration.error.opinion") =>
  z.string().trim().min(1, key).max(2000, key);

/** What each intent needs from its form, beyond the optional comment. */
export const INTENT_FIELDS = {
  REQUEST_CORRECTION: z.object({ items: text("registration.error.items") }),
  DENY: z.object({ reason: text("registration.error.reason") }),
  WITHDRAW: z.object({ reason: text("registration.error.reason") }),
  RECORD_SPONSOR_OPINION: z.object({ opinion: text("registration.error.opinion") }),
  RECORD_FOUNDING_MEETING: z.object({ meetingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "registration.error.meetingDate") }),
} satisfies Partial<Record<RegistrationEventType, z.ZodObject>>;

export const INTENT_FIELD_NAMES: Partial<Record<RegistrationEventType, string[]>> = Object.fromEntries(
  Object.entries(INTENT_FIELDS).map(([intent, schema]) => [intent, Object.keys(schema.shape)]),
);

export const queueFilterSchema = z.object({ state: z.union([z.literal(""), z.enum([...OPEN_STATES, ...CLOSED_STATES])]).default("") });
