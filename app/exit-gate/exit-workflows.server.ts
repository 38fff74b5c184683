/**
 * The exit gate on the workflow engine: deregistration (注销) and revocation (撤销). Their side
 * effects set Organization.status (exiting → deregistered / revoked, or back to registered);
 * the final ones also record the exit's day and reason on the organization, which the register,
 * the directory and open data show beside the status.
 * An exited organization owes no annual report: its unfiled reports are closed (never listed as
 * overdue), and a revoked one goes on the serious list (社会组织信用信息管理办法第十四条第一款第（七）项).
 * Idempotent: each effect sets an absolute status, closing a closed report changes nothing, and
 * the revocation's listing is keyed by its case.
 */
import mongoose from "mongoose";
import type { OrganizationStatus } from "~/domain/organization";
import type { AnyMachineSnapshot } from "xstate";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { DEREGISTRATION_MACHINE_VERSION, deregistrationMachine, type DeregistrationContext } from "@machines/deregistration.machine";
import { hearingRequestDeadline, REVOCATION_MACHINE_VERSION, revocationMachine, type RevocationContext } from "@machines/revocation.machine";
import { ANNUAL_REPORT_KIND } from "~/daily-gate/annual-report-workflow.server";
import { listRevokedOrganization } from "~/daily-gate/credit-lists.server";
import { UNFILED_STATES } from "~/daily-gate/report-form";
import { issueOnStep } from "~/documents/sources.server";
import { defineWorkflow, sendEventToMany, SYSTEM_ACTOR, type EffectArgs } from "~/workflow/engine.server";
import { caseShape } from "~/workflow/case-shape";

export const DEREGISTRATION_KIND = "deregistration";
export const deregistrationCases = caseShape<DeregistrationContext>();
export const revocationCases = caseShape<RevocationContext>();
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

/** The organization's unfiled annual reports are closed: an exited organization owes none. */
async function closeUnfiledReports({ workflowCase, transition }: EffectArgs, status: "revoked" | "deregistered"): Promise<void> {
  if (!workflowCase.organizationId) return;
  const open = await WorkflowCase.find(
    { kind: ANNUAL_REPORT_KIND, organizationId: workflowCase.organizationId, state: mongoose.trusted({ $in: [...UNFILED_STATES] }) },
    { _id: 1 },
  ).lean();
  await sendEventToMany(open.map((c) => String(c._id)), { type: "ORGANIZATION_EXITED", status }, { actor: SYSTEM_ACTOR, now: transition.at });
}

const setDeregistered = setExited("deregistered", (context: DeregistrationContext, at) => ({ on: at, reason: context.reason }));
const setRevoked = setExited("revoked", (context: RevocationContext, at) => ({ on: context.decision ? new Date(context.decision.at) : at, reason: context.decision?.reason || context.grounds }));

const markDeregistered = async (args: EffectArgs) => {
  await setDeregistered(args);
  await closeUnfiledReports(args, "deregistered");
};

const markRevoked = async (args: EffectArgs) => {
  await setRevoked(args);
  await closeUnfiledReports(args, "revoked");
  const { workflowCase, caseId, transition } = args;
  if (!workflowCase.organizationId) return;
  const context = revocationCases.contextOf(workflowCase.snapshot);
  await listRevokedOrganization(String(workflowCase.organizationId), caseId, context.decision?.reason ?? "", transition.actor.name, transition.at);
};

const clockFrom = (snapshot: AnyMachineSnapshot) => {
  const dueAt = deregistrationCases.contextOf(snapshot).dueAt;
  const due = dueAt ? new Date(dueAt) : null;
  return { dueAt: due, wakeAt: due };
};

export const deregistrationWorkflow = defineWorkflow({
  kind: DEREGISTRATION_KIND,
  machine: deregistrationMachine,
  version: DEREGISTRATION_MACHINE_VERSION,
  effects: {
    markExiting: setStatus("exiting", ["registered"]),
    markDeregistered,
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
    markRevoked,
    issueHearingNotice: issueOnStep("hearingNotice"),
    issueRevocationDecision: issueOnStep("revocationDecision"),
  },
  // The hearing deadline as the guards decide it (never earlier than the notice announced).
  clock: (snapshot: AnyMachineSnapshot) => {
    const due = hearingRequestDeadline(revocationCases.contextOf(snapshot));
    return { dueAt: due, wakeAt: due };
  },
});

export type { DeregistrationContext, RevocationContext };
