/**
 * Annual inspection rules shared by the report form, the campaign and the case page (pure).
 * Periods and thresholds are data, not code; periods are counted by app/domain/periods.ts.
 */
import { parseCalendarDate } from "./calendar-date";
import { addDays, addMonths, lastDayOf, shanghaiDay } from "./periods";

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

/**
 * Does an organization registered at `establishedAt` owe the report for `year`? Not when it was
 * registered less than 6 months before 31 December: six months counted from the day after its
 * registration (民法典第二百零一、二百零二条) must be complete by 31 December — registered on
 * 30 June it owes (six months end on 30 December), registered on 1 July it is exempt.
 */
export function owesAnnualReport(establishedAt: Date | string, year: number): boolean {
  return lastDayOf(shanghaiDay(establishedAt), { months: CAMPAIGN_DEFAULTS.exemptMonths }) <= `${year}-12-31`;
}

/** Registered on or after this instant → exempt for `year` (the first day `owesAnnualReport` is false; campaigns store it). */
export function exemptionCutoff(year: number): Date {
  return parseCalendarDate(addDays(addMonths(`${year}-12-31`, -CAMPAIGN_DEFAULTS.exemptMonths), 1))!;
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

/**
 * The longest run of consecutive years in `years` (the latest run when two are as long), oldest
 * first: "连续 N 年未年检" counts consecutive years only — 2021 and 2023 missed is not two in a row.
 */
export function longestConsecutiveRun(years: readonly number[]): number[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  let best: number[] = [];
  let current: number[] = [];
  for (const year of sorted) {
    current = current.length && current[current.length - 1] === year - 1 ? [...current, year] : [year];
    if (current.length >= best.length) best = current;
  }
  return best;
}

/** The grounds a revocation proposal states, e.g. "连续 2 年（2023、2024 年度）未按规定报送年度工作报告". */
export function missedInspectionGrounds(run: readonly number[]): string {
  return `连续 ${run.length} 年（${run.join("、")} 年度）未按规定报送年度工作报告，属于不按照规定接受监督检查`;
}
