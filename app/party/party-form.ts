/**
 * The party-facts form, shared by the regulator's party tab and the instructor's view.
 * Field-level checks here; the party-building rules run in the service (they need the register).
 */
import { z } from "zod";
import { parseCalendarDate } from "~/domain/calendar-date";
import { PARTY_FORMS } from "~/domain/organization";
import { MAX_JOINT_UNITS } from "~/domain/party-building";

export const PARTY_FORM_INTENTS = ["save", "searchPartners"] as const;
export type PartyFormIntent = (typeof PARTY_FORM_INTENTS)[number];
/** The partner checkboxes send one value per partner: `formFields` joins them by commas. */
export const PARTY_FORM_REPEATED = ["jointPartnerIds"];

/** A calendar date field ("YYYY-MM-DD", a Shanghai day); empty → null when not required. */
export function calendarDateField(options: { required: boolean }) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") {
        if (options.required) ctx.addIssue({ code: "custom", message: "validation.required" });
        return null;
      }
      const date = parseCalendarDate(value);
      if (!date) ctx.addIssue({ code: "custom", message: "party.validation.date" });
      return date;
    });
}

/** Checkboxes send one value per partner; the action joins them (PARTY_FORM_REPEATED) first. */
const partnerIds = z
  .string()
  .transform((value) => value.split(",").filter((id) => id !== ""))
  .pipe(z.array(z.string().regex(/^[0-9a-f]{24}$/i, "party.rule.partnerMissing")).max(MAX_JOINT_UNITS * 2, "party.rule.jointTooMany"));

export const partyFactsSchema = z.object({
  form: z.enum(PARTY_FORMS, { message: "party.validation.form" }),
  memberCount: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, "party.rule.memberCount")
    .transform(Number),
  establishedAt: calendarDateField({ required: false }),
  jointPartnerIds: partnerIds,
  attachedTo: z.string().trim().max(100, "party.validation.attachedToTooLong"),
});
export type PartyFactsForm = z.infer<typeof partyFactsSchema>;

