/**
 * The exit gate on the workflow engine: deregistration (注销) and revocation (撤销). Their side
 * effects set Organization.status (exiting → deregistered / revoked, or back to registered);
 * the date and reason stay on the case, which the register and directory show beside the status.
 * Idempotent: each effect sets an absolute status.
 */
import mongoose from "mongoose";
import type { OrganizationStatus } from "~/domain/organization";
import type { AnyMachineSnapshot } from "xstate";
import { Organization } from "@models/organization";
import { DEREGISTRATION_MACHINE_VERSION, deregistrationMachine, type DeregistrationContext } from "@machines/deregistration.machine";
import { REVOCATION_MACHINE_VERSION, revocationMachine, type RevocationContext } from "@machines/revocation.machine";
import { issueOnStep } from "~/documents/sources.server";
import { defineWorkflow, type EffectArgs } from "~/workflow/engine.server";

export const DEREGISTRATION_KIND = "deregistration";
export const REVOCATION_KIND = "revocation";

function setStatus(status: OrganizationStatus, from?: OrganizationStatus[]) {
  return async ({ workflowCase }: EffectArgs) => {
    if (!workflowCase.organizationId) return;
    await Organization.updateOne(
      { _id: workflowCase.organizationId, ...(from ? { status: mongoose.trusted({ $in: from }) } : {}) },
      { $set: { status } },
    );
  };
}

const clockFrom = (snapshot: AnyMachineSnapshot) => {
  const dueAt = (snapshot.context as { dueAt: string | null }).dueAt;
  const due = dueAt ? new Date(dueAt) : null;
  return { dueAt: due, wakeAt: due };
};

export const deregistrationWorkflow = defineWorkflow({
  kind: DEREGISTRATION_KIND,
  machine: deregistrationMachine,
  version: DEREGISTRATION_MACHINE_VERSION,
  effects: {
    markExiting: setStatus("exiting", ["registered"]),
    markDeregistered: setStatus("deregistered"),
    restoreRegistered: setStatus("registered", ["exiting"]),
    issueDeregistrationCertificate: issueOnStep("deregistrationCertificate"),
  },
  clock: clockFrom,
});

export const revocationWorkflow = defineWorkflow({
  kind: REVOCATION_KIND,
  machine: revocationMachine,
  version: REVOCATION_MACHINE_VERSION,
  effects: { markRevoked: setStatus("revoked"), issueHearingNotice: issueOnStep("hearingNotice"), issueRevocationDecision: issueOnStep("revocationDecision") },
  clock: clockFrom,
});

export type { DeregistrationContext, RevocationContext };
