/** Every model, so tooling (index creation, tests) can register them all at once. */
export { User } from "./user";
export { Session } from "./session";
export { RateEvent } from "./rate-event";
export { LoginFailure } from "./login-failure";
export { Organization } from "./organization";
export { PartyInstructor } from "./party-instructor";
export { Attachment } from "./attachment";
export { OrganizationChange } from "./organization-change";
export { OrganizationImport } from "./organization-import";
export { ReadModelVersion } from "./read-model-version";
export { GuidanceVisit } from "./guidance-visit";
export { Competition } from "./competition";
export { ScoreSheet } from "./score-sheet";
export { JudgeAssignment, JudgeConflict } from "./judge-assignment";
export { Objection } from "./objection";
export { Disbursement } from "./disbursement";
export { InspectionCampaign } from "./inspection-campaign";
export { CreditListing } from "./credit-listing";
