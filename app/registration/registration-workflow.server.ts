/**
 * The entry gate on the workflow engine: the machine, its clock, and the side effect that
 * enters an approved organization into the register (idempotent: keyed by its credit code).
 */
import { createHash } from "node:crypto";
import type { AnyMachineSnapshot } from "xstate";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { Attachment } from "@models/attachment";
import { markAttachmentsReliedOn } from "~/attachments/attachments.server";
import { isDuplicateKeyError } from "~/db.server";
import { issueOnStep } from "~/documents/sources.server";
import { REGISTRATION_MACHINE_VERSION, registrationMachine, upgradeRegistrationSnapshotFromV1, type RegistrationContext } from "@machines/registration.machine";
import { REGISTRATION_AUTHORITY } from "~/domain/organization";
import { CalendarNotPublishedError, extendedDeadline } from "~/domain/periods";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { buildUscc, USCC_CATEGORY_BY_TYPE } from "~/domain/uscc";
import { parseYuanToFen } from "~/i18n/format";
import { defineWorkflow, setCaseFields, type EffectArgs } from "~/workflow/engine.server";
import { storedPersonalFacts } from "~/register/organization-facts.server";
import { openApplication } from "./application-personal.server";
import type { ApplicationDraft } from "./application-form";
import { REGISTRATION_KIND } from "./registration-intents";
import { caseShape } from "~/workflow/case-shape";

export { REGISTRATION_KIND };
/** Its data: the application as drafted, and the credit code once the organization is registered. */
export const registrationCases = caseShape<RegistrationContext, { application: ApplicationDraft; uscc?: string }>();

/** A credit code derived from the case id, so re-running the effect finds the same organization. */
export function usccForCase(caseId: string, orgType: ApplicationDraft["orgType"], district: string, salt = 0): string {
  const digest = createHash("sha256").update(`${caseId}:${salt}`).digest();
  const body = String(10_000_000 + (digest.readUInt32BE(0) % 90_000_000));
  return buildUscc(USCC_CATEGORY_BY_TYPE[orgType], district, body);
}

async function registerOrganization({ caseId, workflowCase, transition }: EffectArgs): Promise<void> {
  const application = registrationCases.dataOf(workflowCase).application;
  const decidedAt = transition.at;
  // The founders' data stays with the application; the organization keeps its legal
  // representative's and its contact's, sealed again under the newest key (ADR 016).
  const opened = openApplication(application);
  const personal = storedPersonalFacts(opened);
  for (let salt = 0; salt < 5; salt++) {
    const uscc = usccForCase(caseId, application.orgType, application.district, salt);
    try {
      await Organization.updateOne(
        { uscc },
        {
          $setOnInsert: {
            uscc,
            name: application.proposedName,
            nameSortKey: pinyinSortKey(application.proposedName),
            nameInitials: pinyinInitials(application.proposedName),
            type: application.orgType,
            registrationAuthority: REGISTRATION_AUTHORITY,
            district: application.district,
            sponsoringUnit: application.sponsoringUnit,
            legalRepresentative: application.legalRepresentative,
            domicile: application.domicile,
            establishedAt: decidedAt,
            registeredCapitalFen: parseYuanToFen(application.registeredCapital) ?? 0,
            businessScope: application.businessScope,
            contact: { phone: personal.contactPhone },
            legalRepresentativeIdNumber: personal.legalRepresentativeIdNumber,
            legalRepresentativeMobile: personal.legalRepresentativeMobile,
            personalIndex: personal.personalIndex,
            directlyManaged: true,
            status: "registered",
            registrationCaseId: workflowCase._id,
          },
        },
        { upsert: true },
      );
    } catch (error) {
      // Two runs of this effect at once (a slow one and its successor): the other inserted it.
      if (!isDuplicateKeyError(error)) throw error;
    }
    const organization = await Organization.findOne({ uscc }, { _id: 1, name: 1 }).lean();
    if (!organization || organization.name !== application.proposedName) continue; // a code clash: try the next salt
    await setCaseFields(caseId, { organizationId: organization._id, "data.uscc": uscc });
    // The decision relied on the application's files: they become the organization's, and permanent.
    await Attachment.updateMany({ caseKind: REGISTRATION_KIND, caseId }, { $set: { organizationId: organization._id } });
    await markAttachmentsReliedOn({ caseKind: REGISTRATION_KIND, caseId });
    // The applicant's account now belongs to the organization it registered.
    if (workflowCase.ownerUserId) {
      await User.updateOne({ _id: workflowCase.ownerUserId, role: "applicant" }, { $set: { role: "org", organizationId: organization._id } });
    }
    return;
  }
  throw new Error(`could not find a free credit code for case ${caseId}`);
}

/**
 * The founding-meeting deadline moves over a rest day (the machine keeps the nominal end), on the
 * published calendar or, for a year whose notice is not out, the provisional rule. For a year the
 * calendar cannot count at all the nominal end stands for the queue and the wake-up (the machine
 * refuses to decide the lapse then).
 */
function foundingAwareDue(state: string, dueAt: string): Date {
  if (state !== "preparing") return new Date(dueAt);
  try {
    return extendedDeadline(dueAt);
  } catch (error) {
    if (error instanceof CalendarNotPublishedError) return new Date(dueAt);
    throw error;
  }
}

export const registrationWorkflow = defineWorkflow({
  kind: REGISTRATION_KIND,
  machine: registrationMachine,
  version: REGISTRATION_MACHINE_VERSION,
  upgrades: { 1: upgradeRegistrationSnapshotFromV1 },
  effects: {
    registerOrganization,
    issueAcceptanceNotice: issueOnStep("acceptanceNotice"),
    issueCorrectionNotice: issueOnStep("correctionNotice"),
    issueDenialDecision: issueOnStep("denialDecision"),
    issueRegistrationDecision: issueOnStep("registrationDecision"),
    issueRegistrationCertificate: issueOnStep("registrationCertificate"),
  },
  clock: (snapshot: AnyMachineSnapshot) => {
    const context = registrationCases.contextOf(snapshot);
    const dueAt = context.dueAt ? foundingAwareDue(String(snapshot.value), context.dueAt) : null;
    return { dueAt, wakeAt: dueAt && !context.overdue ? dueAt : null };
  },
});
