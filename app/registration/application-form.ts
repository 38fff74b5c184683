/**
 * The registration application's fields, shared by the form and the server. A draft may leave
 * fields empty; submission needs them all (`completeApplicationSchema`).
 */
import { z } from "zod";
import { DISTRICT_CODES, ORGANIZATION_TYPES } from "~/domain/organization";
import { parseYuanToFen } from "~/i18n/format";

const optionalText = (max: number, message: string) => z.string().trim().max(max, message);

/** What a draft may hold: every field optional, but nothing malformed. */
export const draftApplicationSchema = z.object({
  proposedName: z.string().trim().min(2, "registration.error.name").max(100, "registration.error.name"),
  orgType: z.enum(ORGANIZATION_TYPES, "registration.error.orgType"),
  district: z.union([z.literal(""), z.enum(DISTRICT_CODES, "registration.error.district")]),
  domicile: optionalText(200, "registration.error.domicile"),
  legalRepresentative: optionalText(32, "registration.error.legalRepresentative"),
  registeredCapital: z
    .string()
    .trim()
    .refine((v) => v === "" || parseYuanToFen(v) !== null, "registration.error.capital"),
  businessScope: optionalText(1000, "registration.error.businessScope"),
  sponsoringUnit: optionalText(100, "registration.error.sponsoringUnit"),
  contactPhone: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\+?[\d-]{7,20}$/.test(v), "registration.error.phone"),
});
export type ApplicationDraft = z.infer<typeof draftApplicationSchema>;
export const APPLICATION_FIELDS = Object.keys(draftApplicationSchema.shape) as (keyof ApplicationDraft)[];

/** Submission: every field filled (the sponsoring unit may stay empty for 民非 that have none). */
export const completeApplicationSchema = draftApplicationSchema.extend({
  district: z.enum(DISTRICT_CODES, "registration.error.district"),
  domicile: z.string().trim().min(1, "registration.error.domicile").max(200, "registration.error.domicile"),
  legalRepresentative: z.string().trim().min(1, "registration.error.legalRepresentative").max(32, "registration.error.legalRepresentative"),
  registeredCapital: z
    .string()
    .trim()
    .refine((v) => parseYuanToFen(v) !== null, "registration.error.capital"),
  businessScope: z.string().trim().min(1, "registration.error.businessScope").max(1000, "registration.error.businessScope"),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[\d-]{7,20}$/, "registration.error.phone"),
});

export const EMPTY_APPLICATION: ApplicationDraft = {
  proposedName: "",
  orgType: "socialServiceAgency",
  district: "",
  domicile: "",
  legalRepresentative: "",
  registeredCapital: "",
  businessScope: "",
  sponsoringUnit: "",
  contactPhone: "",
};
