/**
 * Credit lists (社会组织信用信息管理办法, 民政部令第60号): the grounds for each list with the article
 * they apply, which grounds leave something to cure, and the clocks — pure, shared by the model,
 * forms, pages and the sweeper. Periods are counted by the period calculator in Shanghai calendar
 * days (ADR 014): a stay "满 2 年" is complete at 24:00 of the corresponding day two years on.
 * Article numbers are one table (`LISTING_BASIS`), so a decision shows the article it applies.
 */
import { addDays, endOfDay, lastDayOf, shanghaiDay, type Day } from "./periods";

export const CREDIT_LISTS = ["abnormal", "serious"] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

/** 第十条第一款 (一)–(七): the grounds for the abnormal-activity list (活动异常名录). */
export const ABNORMAL_GROUNDS = [
  "lateAnnualReport",
  "noPartyOrganization",
  "rectificationNotDone",
  "publicFundraisingLapse",
  "minorPenalty",
  "unreachableAddress",
  "other",
] as const;
/** 第十四条第一款 (一)–(八): the grounds for the serious list (严重违法失信名单). */
export const SERIOUS_GROUNDS = [
  "abnormalForTwoYears",
  "falseChangeRegistration",
  "activitiesSuspended",
  "majorFine",
  "repeatedPenalties",
  "judgmentDefaulter",
  "registrationRevoked",
  "seriousOther",
] as const;
export const LISTING_REASONS = [...ABNORMAL_GROUNDS, ...SERIOUS_GROUNDS] as const;
export type ListingReason = (typeof LISTING_REASONS)[number];
export type AbnormalGround = (typeof ABNORMAL_GROUNDS)[number];
export type SeriousGround = (typeof SERIOUS_GROUNDS)[number];

/** Grounds a regulator records by hand; the rest follow from the platform's own cases (late reports, rectifications escalated, two years, revocations). */
export const MANUAL_GROUNDS: Record<CreditList, readonly ListingReason[]> = {
  abnormal: ["noPartyOrganization", "rectificationNotDone", "publicFundraisingLapse", "minorPenalty", "unreachableAddress", "other"],
  serious: ["falseChangeRegistration", "activitiesSuspended", "majorFine", "repeatedPenalties", "judgmentDefaulter", "seriousOther"],
};
export const MANUAL_LISTING_REASONS = [...MANUAL_GROUNDS.abnormal, ...MANUAL_GROUNDS.serious] as const;

export const listOfGround = (reason: ListingReason): CreditList => ((SERIOUS_GROUNDS as readonly string[]).includes(reason) ? "serious" : "abnormal");

/** The measures' title as every decision cites it (the listing's stored basis and its document say the same). */
const MEASURES = "《社会组织信用信息管理办法》";
/** The article each ground applies, as a decision (the listing row and its document) cites it. */
export const LISTING_BASIS: Record<ListingReason, string> = {
  lateAnnualReport: `${MEASURES}第十条第一款第（一）项`,
  noPartyOrganization: `${MEASURES}第十条第一款第（二）项`,
  rectificationNotDone: `${MEASURES}第十条第一款第（三）项`,
  publicFundraisingLapse: `${MEASURES}第十条第一款第（四）项`,
  minorPenalty: `${MEASURES}第十条第一款第（五）项`,
  unreachableAddress: `${MEASURES}第十条第一款第（六）项、第二款`,
  other: `${MEASURES}第十条第一款第（七）项`,
  abnormalForTwoYears: `${MEASURES}第十四条第一款第（一）项`,
  falseChangeRegistration: `${MEASURES}第十四条第一款第（二）项`,
  activitiesSuspended: `${MEASURES}第十四条第一款第（三）项`,
  majorFine: `${MEASURES}第十四条第一款第（四）项`,
  repeatedPenalties: `${MEASURES}第十四条第一款第（五）项`,
  judgmentDefaulter: `${MEASURES}第十四条第一款第（六）项`,
  registrationRevoked: `${MEASURES}第十四条第一款第（七）项`,
  seriousOther: `${MEASURES}第十四条第一款第（八）项`,
};

/** How a listing ended, and the article that ending applies. */
export const REMOVAL_KINDS = ["verified", "promoted", "sixMonths", "deregistered"] as const;
export type RemovalKind = (typeof REMOVAL_KINDS)[number];
const REMOVAL_BASIS: Record<CreditList, Partial<Record<RemovalKind, string>>> = {
  abnormal: { verified: `${MEASURES}第十三条`, sixMonths: `${MEASURES}第十三条`, promoted: `${MEASURES}第十四条第一款第（一）项` },
  serious: { verified: `${MEASURES}第十六条`, deregistered: `${MEASURES}第十六条` },
};

/** The article a listing's ending applies: 第十三条 off the abnormal list, 第十六条 off the serious list, 第十四条 for a promotion. */
export function removalBasis(list: CreditList, kind: RemovalKind): string {
  const basis = REMOVAL_BASIS[list][kind];
  if (!basis) throw new Error(`a ${list} listing does not end as ${kind}`);
  return basis;
}

/**
 * Grounds that leave an obligation to fulfil or something to put right before leaving the list
 * (第十三条: removal after the cure is verified). A penalty (警告、不满 5 万元罚款) leaves nothing
 * to cure: its listing ends six months after it was made, without an application.
 */
export const GROUND_NEEDS_CURE: Record<AbnormalGround, boolean> = {
  lateAnnualReport: true,
  noPartyOrganization: true,
  rectificationNotDone: true,
  publicFundraisingLapse: true,
  minorPenalty: false,
  unreachableAddress: true,
  other: true,
};

export const CREDIT_PERIODS = {
  /** 第十四条第一款第（一）项: 满 2 年 on the abnormal list moves an organization to the serious list. */
  abnormalToSerious: { years: 2 },
  /** 第十三条: with nothing to cure, the abnormal listing ends 满 6 个月 after it was made. */
  abnormalWithoutCure: { months: 6 },
  /** 第十六条: the serious list can be left only after 满 2 年 without new grounds. */
  seriousMinimumStay: { years: 2 },
} as const;

/** 第十条第二款: two special letters to the registered domicile, unsigned, mailed this many days apart. */
export const UNREACHABLE_LETTER_INTERVAL = { minDays: 15, maxDays: 30 } as const;

/**
 * The last day of the two years on the abnormal list. 第十二条: a new listing during the stay restarts
 * the clock, so it runs from the latest abnormal listing still in force.
 */
export function promotionDay(latestAbnormalListingAt: Date | string): Day {
  return lastDayOf(shanghaiDay(latestAbnormalListingAt), CREDIT_PERIODS.abnormalToSerious);
}

/** Has the two-year stay run out at `now` (after 24:00 of its last day)? */
export function promotionDue(latestAbnormalListingAt: Date | string, now: Date): boolean {
  return now.getTime() >= endOfDay(promotionDay(latestAbnormalListingAt)).getTime();
}

/** The last day of the six months after which a listing with nothing to cure ends. */
export function sixMonthRemovalDay(listedAt: Date | string): Day {
  return lastDayOf(shanghaiDay(listedAt), CREDIT_PERIODS.abnormalWithoutCure);
}

export function sixMonthRemovalDue(listedAt: Date | string, now: Date): boolean {
  return now.getTime() >= endOfDay(sixMonthRemovalDay(listedAt)).getTime();
}

/**
 * The last day of the serious listing's minimum stay: two years from the serious listing, or from
 * any later listing of the organization (a new ground during the stay restarts it, 第十五条/第十六条).
 */
export function seriousStayEndsDay(seriousListedAt: Date | string, laterListingsAt: (Date | string)[] = []): Day {
  const latest = [seriousListedAt, ...laterListingsAt].map((d) => new Date(d).getTime()).reduce((a, b) => Math.max(a, b));
  return lastDayOf(shanghaiDay(new Date(latest)), CREDIT_PERIODS.seriousMinimumStay);
}

export function seriousStayOver(seriousListedAt: Date | string, laterListingsAt: (Date | string)[], now: Date): boolean {
  return now.getTime() >= endOfDay(seriousStayEndsDay(seriousListedAt, laterListingsAt)).getTime();
}

/**
 * Two letters to the registered domicile count as "unreachable" when the second was mailed 15 to
 * 30 days after the first (both days Shanghai calendar days, the first not counted).
 */
export function lettersShowUnreachable(firstMailedOn: Day, secondMailedOn: Day): boolean {
  const { minDays, maxDays } = UNREACHABLE_LETTER_INTERVAL;
  return secondMailedOn >= addDays(firstMailedOn, minDays) && secondMailedOn <= addDays(firstMailedOn, maxDays);
}
