/** Exit-gate forms (client-safe): starting a case, and what each step asks for. */
import { z } from "zod";
import { REVOCATION_GROUNDS } from "@machines/revocation.machine";
import { USE_RULES } from "~/domain/attachment-uses";

const text = z.string().trim().min(1, "exitGate.error.required").max(2000, "exitGate.error.tooLong");
const uscc = z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, "exitGate.error.uscc");

export const startDeregistrationSchema = z.object({ uscc, reason: text });
/**
 * An organization applies for its own deregistration: the register knows which one. The consent
 * letters it uploaded first travel as their ids (comma-separated, in a hidden field), so a refused
 * submit never asks for the file again; the service checks each is still this organization's.
 */
export const applyDeregistrationSchema = z.object({
  reason: text,
  consentLetters: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{24}(,[0-9a-f]{24})*)?$/, "exitGate.error.consentLetter")
    .transform((ids) => (ids ? [...new Set(ids.split(","))] : []))
    .pipe(z.array(z.string()).max(USE_RULES.sponsorConsent.maxCount, "exitGate.error.consentLetter")),
});
export const startRevocationSchema = z.object({ uscc, ground: z.enum(REVOCATION_GROUNDS, "exitGate.error.ground"), grounds: text });

export const EXIT_INTENT_FIELDS = {
  RECORD_SPONSOR_CONSENT: z.object({ note: text }),
  START_LIQUIDATION: z.object({ liquidationGroup: text }),
  RETURN_TO_LIQUIDATION: z.object({ items: text }),
  APPROVE_REVIEW: z.object({ assetsHandedTo: z.string().trim().max(200, "exitGate.error.tooLong") }),
  RAISE_OBJECTION: z.object({ text }),
  RECORD_CERTIFICATES_RETURNED: z.object({ note: text }),
  WITHDRAW: z.object({ reason: text }),
  RECORD_EVIDENCE: z.object({ text }),
  RECORD_HEARING: z.object({ record: text }),
  DECIDE_REVOKE: z.object({ reason: text }),
  CLOSE_CASE: z.object({ reason: text }),
  RECORD_SERVICE: z.object({ method: text }),
} as const;
export const EXIT_INTENT_FIELD_NAMES: Record<string, string[]> = Object.fromEntries(
  Object.entries(EXIT_INTENT_FIELDS).map(([intent, schema]) => [intent, Object.keys(schema.shape)]),
);

/** What the organization itself may do on its exit cases; regulators do everything else (the sweeper ends clocks). */
/** The organization files its sponsoring unit's consent itself (with the consent letter attached). */
export const ORG_EXIT_EVENTS = ["RECORD_SPONSOR_CONSENT", "SUBMIT_LIQUIDATION_REPORT", "WITHDRAW", "REQUEST_HEARING"];
export const SYSTEM_ONLY_EVENTS = ["DEADLINE_PASSED"];
