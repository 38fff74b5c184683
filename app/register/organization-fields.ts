/**
 * The registration facts a regulator may change, with ONE set of rules shared by the edit form
 * and the Excel import (which turns each cell into the same text first). Messages are
 * dictionary keys. Also how a changed value is stored in the change history (a string) and shown.
 */
import { z } from "zod";
import { endOfShanghaiDay, parseCalendarDate, toCalendarDateString } from "~/domain/calendar-date";
import { DISTRICTS, type DistrictCode } from "~/domain/organization";
import { fenToYuanString, formatDate, formatMoney, parseYuanToFen } from "~/i18n/format";
import type { Locale, MessageKey, Translate } from "~/i18n/i18n";
import { maskPersonal } from "~/domain/personal-data";
import { idNumberField, mobileField, normalizePersonal, type PersonalKind } from "~/personal-data/fields";

const required = (max: number) =>
  z.string().trim().min(1, "register.validation.required").max(max, "register.validation.tooLong");
const optional = (max: number) => z.string().trim().max(max, "register.validation.tooLong");

/** "兴庆区", "Xingqing District" or "640104" → "640104". */
export function districtCodeOf(input: string): DistrictCode | null {
  const value = input.trim();
  const district = DISTRICTS.find((d) => d.code === value || d.zh === value || d.en.toLowerCase() === value.toLowerCase());
  return district?.code ?? null;
}

/** "2020/5/1", "2020.5.1" or "2020-05-01" → "2020-05-01" (people type all three). */
function normalizeDate(input: string): string {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(input.trim());
  return match ? `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}` : input.trim();
}

const YES = new Set(["是", "yes", "true", "1", "on", "y"]);
const NO = new Set(["否", "no", "false", "0", "n", ""]);

function yesNo() {
  return z.string().transform((value, ctx) => {
    const v = value.trim().toLowerCase();
    if (!YES.has(v) && !NO.has(v)) ctx.addIssue({ code: "custom", message: "register.validation.yesNo" });
    return YES.has(v);
  });
}

export const organizationFactsSchema = z.object({
  name: required(100),
  registrationAuthority: required(100),
  district: z.string().transform((value, ctx) => {
    const code = districtCodeOf(value);
    if (!code) ctx.addIssue({ code: "custom", message: "register.validation.district" });
    return code ?? "640104";
  }),
  sponsoringUnit: optional(100),
  legalRepresentative: required(32),
  legalRepresentativeIdNumber: idNumberField,
  legalRepresentativeMobile: mobileField,
  domicile: required(200),
  establishedAt: z.string().transform((value, ctx) => {
    const date = parseCalendarDate(normalizeDate(value));
    if (!date || date > endOfShanghaiDay(new Date())) {
      ctx.addIssue({ code: "custom", message: value.trim() ? "register.validation.date" : "register.validation.required" });
      return new Date(0);
    }
    return date;
  }),
  registeredCapital: z.string().transform((value, ctx) => {
    const fen = parseYuanToFen(value);
    if (fen === null) ctx.addIssue({ code: "custom", message: value.trim() ? "register.validation.money" : "register.validation.required" });
    return fen ?? 0;
  }),
  businessScope: optional(1000),
  contactName: optional(32),
  contactPhone: optional(32).regex(/^[\d\s+\-()（）]*$/, "register.validation.phone"),
  contactEmail: optional(100).refine((v) => v === "" || z.email().safeParse(v).success, "register.validation.email"),
  directlyManaged: yesNo(),
  /** 公开募捐资格 (foundations): decides which 基金会管理条例第二十九条 spending rule applies. */
  publicFundraising: yesNo(),
});
export type FactsInputField = keyof z.input<typeof organizationFactsSchema>;
export const FACTS_INPUT_FIELDS = Object.keys(organizationFactsSchema.shape) as FactsInputField[];

/** The facts as stored (field names of the Organization model, contact flattened). */
export interface OrganizationFacts {
  name: string;
  registrationAuthority: string;
  district: DistrictCode;
  sponsoringUnit: string;
  legalRepresentative: string;
  legalRepresentativeIdNumber: string;
  legalRepresentativeMobile: string;
  domicile: string;
  establishedAt: Date;
  registeredCapitalFen: number;
  businessScope: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  directlyManaged: boolean;
  publicFundraising: boolean;
}
export type FactField = keyof OrganizationFacts;

export function factsFromInput(data: z.output<typeof organizationFactsSchema>): OrganizationFacts {
  const { registeredCapital, legalRepresentativeIdNumber, legalRepresentativeMobile, ...rest } = data;
  return {
    ...rest,
    legalRepresentativeIdNumber: normalizePersonal("idNumber", legalRepresentativeIdNumber),
    legalRepresentativeMobile: normalizePersonal("phone", legalRepresentativeMobile),
    registeredCapitalFen: registeredCapital,
  };
}

/**
 * Facts that are personal data (ADR 016): stored SM4-sealed, shown masked, kept in the change
 * history masked, never cleared by an empty input (forms never hold them to send back).
 */
export const PERSONAL_FACTS: Partial<Record<FactField, PersonalKind>> = {
  legalRepresentativeIdNumber: "idNumber",
  legalRepresentativeMobile: "phone",
  contactPhone: "phone",
};

export function isPersonalFact(field: string): field is FactField {
  return Object.hasOwn(PERSONAL_FACTS, field);
}

/** Where each fact lives in an Organization document. */
export const FACT_PATHS: Record<FactField, string> = {
  name: "name",
  registrationAuthority: "registrationAuthority",
  district: "district",
  sponsoringUnit: "sponsoringUnit",
  legalRepresentative: "legalRepresentative",
  legalRepresentativeIdNumber: "legalRepresentativeIdNumber",
  legalRepresentativeMobile: "legalRepresentativeMobile",
  domicile: "domicile",
  establishedAt: "establishedAt",
  registeredCapitalFen: "registeredCapitalFen",
  businessScope: "businessScope",
  contactName: "contact.name",
  contactPhone: "contact.phone",
  contactEmail: "contact.email",
  directlyManaged: "directlyManaged",
  publicFundraising: "publicFundraising",
};
export const FACT_FIELDS = Object.keys(FACT_PATHS) as FactField[];

export const FACT_LABELS: Record<FactField, MessageKey> = {
  name: "field.name",
  registrationAuthority: "field.registrationAuthority",
  district: "field.district",
  sponsoringUnit: "field.sponsoringUnit",
  legalRepresentative: "field.legalRepresentative",
  legalRepresentativeIdNumber: "personal.field.legalRepresentativeIdNumber",
  legalRepresentativeMobile: "personal.field.legalRepresentativeMobile",
  domicile: "field.domicile",
  establishedAt: "field.establishedAt",
  registeredCapitalFen: "field.registeredCapital",
  businessScope: "register.field.businessScope",
  contactName: "register.field.contactName",
  contactPhone: "register.field.contactPhone",
  contactEmail: "register.field.contactEmail",
  directlyManaged: "register.field.directlyManaged",
  publicFundraising: "register.field.publicFundraising",
};

/** How a value is kept in the change history: dates as Shanghai days, money in fen, codes not labels. */
export function factToString(field: FactField, value: OrganizationFacts[FactField]): string {
  if (field === "establishedAt") return toCalendarDateString(value as Date);
  return String(value);
}

export interface ChangedField {
  field: FactField;
  before: string;
  after: string;
}

/** Only what actually changed, in the form's order (an empty personal fact keeps the stored one). */
export function diffFacts(before: OrganizationFacts, after: OrganizationFacts): ChangedField[] {
  const changes: ChangedField[] = [];
  for (const field of FACT_FIELDS) {
    const [from, to] = [factToString(field, before[field]), factToString(field, after[field])];
    if (isPersonalFact(field) && to === "") continue;
    if (from !== to) changes.push({ field, before: from, after: to });
  }
  return changes;
}

/** A change as the history keeps it: personal data masked, so the history never holds it whole. */
export function changeForHistory(change: ChangedField): ChangedField {
  return isPersonalFact(change.field) ? { field: change.field, before: maskPersonal(change.before), after: maskPersonal(change.after) } : change;
}

/** The form's text for each input (what a regulator sees in the edit form; personal facts left empty). */
export function factsToInput(facts: OrganizationFacts): Record<FactsInputField, string> {
  return {
    name: facts.name,
    registrationAuthority: facts.registrationAuthority,
    district: facts.district,
    sponsoringUnit: facts.sponsoringUnit,
    legalRepresentative: facts.legalRepresentative,
    legalRepresentativeIdNumber: "",
    legalRepresentativeMobile: "",
    domicile: facts.domicile,
    establishedAt: toCalendarDateString(facts.establishedAt),
    registeredCapital: fenToYuanString(facts.registeredCapitalFen).replace(/,/g, ""),
    businessScope: facts.businessScope,
    contactName: facts.contactName,
    contactPhone: "",
    contactEmail: facts.contactEmail,
    directlyManaged: facts.directlyManaged ? "on" : "",
    publicFundraising: facts.publicFundraising ? "on" : "",
  };
}

/** A stored history value, shown in the reader's language. Unknown field names show as stored. */
export function showFactValue(field: string, value: string, t: Translate, locale: Locale): string {
  if (value === "") return "—";
  switch (field) {
    case "district": {
      const district = DISTRICTS.find((d) => d.code === value);
      return district ? (locale === "zh-CN" ? district.zh : district.en) : value;
    }
    case "establishedAt":
      return formatDate(parseCalendarDate(value), locale) || value;
    case "registeredCapitalFen":
      return /^\d+$/.test(value) ? formatMoney(Number(value), locale) : value;
    case "directlyManaged":
    case "publicFundraising":
      return t(value === "true" ? "common.yes" : "common.no");
    default:
      return value;
  }
}

export function factLabel(field: string, t: Translate): string {
  return field in FACT_LABELS ? t(FACT_LABELS[field as FactField]) : field;
}
