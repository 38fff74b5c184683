/** Register vocabulary shared by models, forms and pages. */
export const ORGANIZATION_TYPES = ["socialGroup", "socialServiceAgency", "foundation"] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/**
 * Registration status only. Credit lists are not a status: a listed organization stays
 * registered and carries its lists as badges (the listings are the one record of them).
 */
export const ORGANIZATION_STATUSES = ["applying", "registered", "exiting", "deregistered", "revoked"] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export const PARTY_FORMS = ["none", "standalone", "joint", "attached"] as const;
export type PartyForm = (typeof PARTY_FORMS)[number];

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
