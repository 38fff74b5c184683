/**
 * Automatic eligibility screening (资格初审) of a submitted entry against the register: pure,
 * so the reasons can be tested and shown. The service gathers the facts.
 */
export const ELIGIBILITY_REASONS = ["notRegistered", "onCreditList", "overCap", "budgetInconsistent", "tooManyEntries"] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

export interface EligibilityFacts {
  organizationStatus: string;
  onCreditList: boolean;
  requestedFen: number;
  budgetTotalFen: number;
  perProjectCapFen: number;
  /** Submitted entries of the same organization in this competition that came before this one. */
  earlierEntries: number;
  maxEntriesPerOrganization: number;
}

export function eligibilityReasons(facts: EligibilityFacts): EligibilityReason[] {
  const reasons: EligibilityReason[] = [];
  if (facts.organizationStatus !== "registered") reasons.push("notRegistered");
  if (facts.onCreditList) reasons.push("onCreditList");
  if (facts.requestedFen > facts.perProjectCapFen) reasons.push("overCap");
  if (facts.requestedFen <= 0 || facts.budgetTotalFen !== facts.requestedFen) reasons.push("budgetInconsistent");
  if (facts.earlierEntries >= facts.maxEntriesPerOrganization) reasons.push("tooManyEntries");
  return reasons;
}
