/**
 * The registration application's fields, shared by the form and the server. A draft may leave
 * fields empty; submission needs them all (`completeApplicationSchema`).
 */
import { z } from "zod";
import { DISTRICT_CODES, ORGANIZATION_TYPES } from "~/domain/organization";
import { parseYuanToFen } from "~/i18n/format";
import { idNumberField, mobileField, type PersonalKind } from "~/personal-data/fields";

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
  legalRepresentativeIdNumber: idNumberField,
  legalRepresentativeMobile: mobileField,
  founder1Name: optionalText(32, "personal.error.founderName"),
  founder1IdNumber: idNumberField,
  founder1Mobile: mobileField,
  founder2Name: optionalText(32, "personal.error.founderName"),
  founder2IdNumber: idNumberField,
  founder2Mobile: mobileField,
  founder3Name: optionalText(32, "personal.error.founderName"),
  founder3IdNumber: idNumberField,
  founder3Mobile: mobileField,
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
  legalRepresentativeIdNumber: idNumberField.refine((v) => v !== "", "personal.error.idRequired"),
  legalRepresentativeMobile: mobileField.refine((v) => v !== "", "personal.error.mobileRequired"),
});

/** The founders' rows of the form (发起人): a name, an identity number and a mobile each. */
export const FOUNDER_ROWS = [1, 2, 3] as const;

/**
 * Personal data in the application (ADR 016): sealed in the case's data, masked on its pages,
 * write-only in the form (an empty input keeps what is stored).
 */
export const APPLICATION_PERSONAL_FIELDS: Partial<Record<keyof ApplicationDraft, PersonalKind>> = {
  legalRepresentativeIdNumber: "idNumber",
  legalRepresentativeMobile: "phone",
  contactPhone: "phone",
  founder1IdNumber: "idNumber",
  founder1Mobile: "phone",
  founder2IdNumber: "idNumber",
  founder2Mobile: "phone",
  founder3IdNumber: "idNumber",
  founder3Mobile: "phone",
};

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
  legalRepresentativeIdNumber: "",
  legalRepresentativeMobile: "",
  founder1Name: "",
  founder1IdNumber: "",
  founder1Mobile: "",
  founder2Name: "",
  founder2IdNumber: "",
  founder2Mobile: "",
  founder3Name: "",
  founder3IdNumber: "",
  founder3Mobile: "",
};
