/**
 * Foundations' public-welfare spending (基金会管理条例第二十九条): with the public fundraising
 * qualification at least 70% of last year's total income, without it at least 8% of last year's
 * fund balance (net assets at the end of last year); integers only, the floor met exactly passes.
 */
import { describe, expect, it } from "vitest";
import { FOUNDATION_SPENDING_RULES, checkFoundationSpending, type ReportFinances } from "~/domain/annual-report";

const finances = (overrides: Partial<ReportFinances>): ReportFinances => ({
  incomeFen: 0,
  spendingFen: 0,
  publicWelfareSpendingFen: 0,
  netAssetsFen: 0,
  previousYearIncomeFen: 0,
  previousYearNetAssetsFen: 0,
  ...overrides,
});

describe("foundation spending ratio", () => {
  it("needs 70% of last year's income with the public fundraising qualification: exactly 70% meets, one fen less does not", () => {
    expect(FOUNDATION_SPENDING_RULES.publicFundraising).toEqual({ basis: "previousYearIncomeFen", minPercent: 70 });
    expect(checkFoundationSpending(finances({ previousYearIncomeFen: 1_000_000, publicWelfareSpendingFen: 700_000 }), true)).toEqual({
      rule: "publicFundraising",
      minPercent: 70,
      ratioBasisPoints: 7000,
      meets: true,
    });
    expect(checkFoundationSpending(finances({ previousYearIncomeFen: 1_000_000, publicWelfareSpendingFen: 699_999 }), true).meets).toBe(false);
    // This year's income and net assets do not count.
    expect(checkFoundationSpending(finances({ incomeFen: 100, netAssetsFen: 100, previousYearIncomeFen: 1_000_000, publicWelfareSpendingFen: 699_999 }), true).meets).toBe(false);
  });

  it("needs 8% of last year's net assets without it: exactly 8% meets, one fen less does not", () => {
    expect(FOUNDATION_SPENDING_RULES.nonPublicFundraising).toEqual({ basis: "previousYearNetAssetsFen", minPercent: 8 });
    expect(checkFoundationSpending(finances({ previousYearNetAssetsFen: 410_000_000, publicWelfareSpendingFen: 32_800_000 }), false)).toMatchObject({ ratioBasisPoints: 800, meets: true });
    expect(checkFoundationSpending(finances({ previousYearNetAssetsFen: 410_000_000, publicWelfareSpendingFen: 32_799_999 }), false)).toMatchObject({ ratioBasisPoints: 799, meets: false });
  });

  it("cannot compute a ratio on a zero basis (a first year): no floor to miss", () => {
    expect(checkFoundationSpending(finances({ publicWelfareSpendingFen: 5 }), true)).toEqual({ rule: "publicFundraising", minPercent: 70, ratioBasisPoints: null, meets: true });
  });
});
