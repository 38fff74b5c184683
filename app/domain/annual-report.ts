/**
 * Annual inspection rules shared by the report form, the campaign and the case page (pure).
 * Periods and thresholds are data, not code.
 */

export const CAMPAIGN_DEFAULTS = {
  /** Month and day (following year, Beijing time, end of day) of the deadline to the sponsoring unit. */
  sponsorDeadline: { month: 3, day: 31 },
  /** … and to the registry; after it the sweeper lists the unfiled. */
  registryDeadline: { month: 5, day: 31 },
  /** Organizations registered less than this many months before 31 December are exempt. */
  exemptMonths: 6,
} as const;

/** End of a Beijing calendar day, as an instant. */
export function endOfBeijingDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

const pad = (n: number) => String(n).padStart(2, "0");

export function defaultDeadlines(year: number): { sponsorDeadline: string; registryDeadline: string } {
  const { sponsorDeadline: s, registryDeadline: r } = CAMPAIGN_DEFAULTS;
  return { sponsorDeadline: `${year + 1}-${pad(s.month)}-${pad(s.day)}`, registryDeadline: `${year + 1}-${pad(r.month)}-${pad(r.day)}` };
}

/** Registered on or after this instant → exempt for `year` (less than 6 months before 31 December). */
export function exemptionCutoff(year: number): Date {
  return new Date(`${year}-${pad(13 - CAMPAIGN_DEFAULTS.exemptMonths)}-01T00:00:00+08:00`);
}

/**
 * Foundations' public-welfare spending (公益支出) rules: public-fundraising foundations spend at
 * least 70% of the previous year's income, the others at least 8% of the previous year's net assets.
 */
export const FOUNDATION_SPENDING_RULES = {
  publicFundraising: { basis: "previousYearIncomeFen", minPercent: 70 },
  nonPublicFundraising: { basis: "previousYearNetAssetsFen", minPercent: 8 },
} as const;

export interface ReportFinances {
  incomeFen: number;
  spendingFen: number;
  publicWelfareSpendingFen: number;
  netAssetsFen: number;
  previousYearIncomeFen: number;
  previousYearNetAssetsFen: number;
}

export interface SpendingCheck {
  rule: keyof typeof FOUNDATION_SPENDING_RULES;
  minPercent: number;
  /** Public-welfare spending as a share of the basis, in hundredths of a percent (null when the basis is 0). */
  ratioBasisPoints: number | null;
  meets: boolean;
}

/** The spending ratio of a foundation's report and whether it meets its rule (integers only). */
export function checkFoundationSpending(finances: ReportFinances, publicFundraising: boolean): SpendingCheck {
  const rule = publicFundraising ? "publicFundraising" : "nonPublicFundraising";
  const { basis, minPercent } = FOUNDATION_SPENDING_RULES[rule];
  const base = finances[basis];
  if (base <= 0) return { rule, minPercent, ratioBasisPoints: null, meets: true };
  return {
    rule,
    minPercent,
    ratioBasisPoints: Math.floor((finances.publicWelfareSpendingFen * 10_000) / base),
    meets: finances.publicWelfareSpendingFen * 100 >= minPercent * base,
  };
}
