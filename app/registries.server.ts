/**
 * Every workflow kind and every attachment policy, listed once and registered at start by
 * `installRegistries()`: the Remix server build calls it from `entry.server.tsx`, every script
 * that loads cases from its own entry point, the test projects from their setup files.
 * Features export their definitions and policies; only this module gathers them, so the
 * engine and the attachment service never import a feature (docs/architecture.md).
 */
import { organizationAttachmentPolicy } from "~/attachments/organization-policy.server";
import { registerAttachmentPolicy, type AttachmentPolicy } from "~/attachments/policy.server";
import { competitionEntryWorkflow, competitionWorkflow } from "~/competition/competition-workflow.server";
import { ENTRY_KIND } from "~/domain/competition";
import { entryAttachmentPolicy } from "~/competition/applications/entry-attachments.server";
import { annualReportAttachmentPolicy } from "~/daily-gate/annual-report-attachments.server";
import { ANNUAL_REPORT_KIND, annualReportWorkflow } from "~/daily-gate/annual-report-workflow.server";
import {
  DEREGISTRATION_APPLICATION_KIND,
  deregistrationApplicationAttachmentPolicy,
  deregistrationAttachmentPolicy,
  revocationAttachmentPolicy,
} from "~/exit-gate/exit-attachments.server";
import { DEREGISTRATION_KIND, deregistrationWorkflow, REVOCATION_KIND, revocationWorkflow } from "~/exit-gate/exit-workflows.server";
import { registrationAttachmentPolicy } from "~/registration/registration-attachments.server";
import { REGISTRATION_KIND } from "~/registration/registration-intents";
import { registrationWorkflow } from "~/registration/registration-workflow.server";
import { registerWorkflow } from "~/workflow/engine.server";

/** Case kind → who may attach and read its files. "organization" is the organization's profile. */
export const ATTACHMENT_POLICIES: ReadonlyArray<readonly [string, AttachmentPolicy]> = [
  ["organization", organizationAttachmentPolicy],
  [REGISTRATION_KIND, registrationAttachmentPolicy],
  [ANNUAL_REPORT_KIND, annualReportAttachmentPolicy],
  [DEREGISTRATION_KIND, deregistrationAttachmentPolicy],
  [DEREGISTRATION_APPLICATION_KIND, deregistrationApplicationAttachmentPolicy],
  [REVOCATION_KIND, revocationAttachmentPolicy],
  [ENTRY_KIND, entryAttachmentPolicy],
];

/** Registers every workflow kind and the policies above; calling it again changes nothing. */
export function installRegistries(): void {
  registerWorkflow(registrationWorkflow);
  registerWorkflow(annualReportWorkflow);
  registerWorkflow(deregistrationWorkflow);
  registerWorkflow(revocationWorkflow);
  registerWorkflow(competitionWorkflow);
  registerWorkflow(competitionEntryWorkflow);
  for (const [kind, policy] of ATTACHMENT_POLICIES) registerAttachmentPolicy(kind, policy);
}
