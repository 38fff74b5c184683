/** Credit-list vocabulary shared by the model, forms and pages. */
export const CREDIT_LISTS = ["abnormal", "serious"] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];
export const LISTING_REASONS = ["lateAnnualReport", "noPartyOrganization", "rectificationNotDone", "unreachableAddress", "other"] as const;
export type ListingReason = (typeof LISTING_REASONS)[number];
/** Reasons a regulator records by hand (late reports are listed by the sweeper). */
export const MANUAL_LISTING_REASONS = ["noPartyOrganization", "rectificationNotDone", "unreachableAddress", "other"] as const;
