/**
 * The workflow steps that cannot be taken back (ADR 018): their buttons ask first, stating the
 * consequence (`confirm.<area>.<EVENT>` in the dictionary), through the one ConfirmSubmit.
 */
import type { MessageKey } from "~/i18n/i18n";
import { isOneOf } from "~/domain/vocabulary";

const IRREVERSIBLE = [
  "registration.APPROVE",
  "registration.DENY",
  "registration.WITHDRAW",
  "annualReport.SUBMIT",
  "annualReport.CONCLUDE",
  "annualReport.ESCALATE",
  "deregistration.APPROVE_REVIEW",
  "deregistration.RECORD_CERTIFICATES_RETURNED",
  "deregistration.WITHDRAW",
  "revocation.DECIDE_REVOKE",
  "revocation.CLOSE_CASE",
  "competition.OPEN",
  "competition.CLOSE_APPLICATIONS",
  "competition.START_JUDGING",
  "competition.CLOSE_JUDGING",
  "competition.PUBLISH",
  "competition.FINALIZE",
  "competition.ARCHIVE",
  "entry.SUBMIT",
  "entry.WITHDRAW",
  "entry.DECLARE_INELIGIBLE",
  "entry.TERMINATE",
  "entry.SIGN_AGREEMENT",
] as const;

/** The consequence to state before `<area>.<EVENT>`, or null when the step may be taken at once. */
export function consequenceOf(area: string, intent: string): MessageKey | null {
  const key = `${area}.${intent}`;
  return isOneOf(IRREVERSIBLE, key) ? `confirm.${key}` : null;
}
