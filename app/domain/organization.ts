/** Register vocabulary shared by models, forms and pages. */
import type { Locale } from "~/i18n/i18n";

export const ORGANIZATION_TYPES = ["socialGroup", "socialServiceAgency", "foundation"] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/**
 * Registration status only. Credit lists are not a status: a listed organization stays
 * registered and carries its lists as badges (the listings are the one record of them).
 */
export const ORGANIZATION_STATUSES = ["applying", "registered", "exiting", "deregistered", "revoked"] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
/** On the register: registered, or registered and on the way out. */
export const STANDING_ORGANIZATION_STATUSES = ["registered", "exiting"] as const satisfies readonly OrganizationStatus[];

export const PARTY_FORMS = ["none", "standalone", "joint", "attached"] as const;
export type PartyForm = (typeof PARTY_FORMS)[number];

/** The registration authority: it registers organizations and puts them on credit lists. */
export const REGISTRATION_AUTHORITY = "银川市民政局";

/** Yinchuan's districts and counties (administrative division codes). */
export const DISTRICTS = [
  { code: "640104", zh: "兴庆区", en: "Xingqing District" },
  { code: "640105", zh: "西夏区", en: "Xixia District" },
  { code: "640106", zh: "金凤区", en: "Jinfeng District" },
  { code: "640121", zh: "永宁县", en: "Yongning County" },
  { code: "640122", zh: "贺兰县", en: "Helan County" },
  { code: "640181", zh: "灵武市", en: "Lingwu City" },
] as const;
export type DistrictCode = (typeof DISTRICTS)[number]["code"];
export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [DistrictCode, ...DistrictCode[]];

/** A district's name in the reader's language (its code when unknown). */
export function districtName(code: string, locale: Locale): string {
  const district = DISTRICTS.find((d) => d.code === code);
  return district ? (locale === "zh-CN" ? district.zh : district.en) : code;
}
