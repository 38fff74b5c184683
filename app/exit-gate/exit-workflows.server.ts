/**
 * The exit gate on the workflow engine: deregistration (注销) and revocation (撤销). Their side
 * effects set Organization.status (exiting → deregistered / revoked, or back to registered);
 * the final ones also record the exit's day and reason on the organization, which the register,
 * the directory and open data show beside the status.
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

/**
 * The final status with the day and reason of the exit (the register, directory and open data
 * show them), taken from the case's context as the deciding transition left it.
 */
function setExited(status: "deregistered" | "revoked", exitOf: (context: never, at: Date) => { on: Date; reason: string }) {
  return async ({ workflowCase, transition }: EffectArgs) => {
    if (!workflowCase.organizationId) return;
    const context = (transition.snapshot as { context?: unknown } | undefined)?.context ?? {};
    await Organization.updateOne({ _id: workflowCase.organizationId }, { $set: { status, exit: exitOf(context as never, transition.at) } });
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
    markDeregistered: setExited("deregistered", (context: DeregistrationContext, at) => ({ on: at, reason: context.reason })),
    restoreRegistered: setStatus("registered", ["exiting"]),
    issueDeregistrationCertificate: issueOnStep("deregistrationCertificate"),
  },
  clock: clockFrom,
});

export const revocationWorkflow = defineWorkflow({
  kind: REVOCATION_KIND,
  machine: revocationMachine,
  version: REVOCATION_MACHINE_VERSION,
  effects: {
    markRevoked: setExited("revoked", (context: RevocationContext, at) => ({ on: context.decision ? new Date(context.decision.at) : at, reason: context.decision?.reason || context.grounds })),
    issueHearingNotice: issueOnStep("hearingNotice"),
    issueRevocationDecision: issueOnStep("revocationDecision"),
  },
  clock: clockFrom,
});

export type { DeregistrationContext, RevocationContext };
