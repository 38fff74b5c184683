/**
 * The annual report on the workflow engine: machine, clock (the registry deadline while
 * unfiled, the rectification deadline while it runs), and the listing side effects — batched
 * for the sweeper, so a campaign's deadline costs a few round trips per thousand reports.
 */
import type { AnyMachineSnapshot } from "xstate";
import { ANNUAL_REPORT_MACHINE_VERSION, annualReportMachine, upgradeAnnualReportSnapshotFromV1, type AnnualReportContext } from "@machines/annual-report.machine";
import { issueOnStep, recordOnSteps } from "~/documents/sources.server";
import { defineWorkflow, type EffectArgs } from "~/workflow/engine.server";
import { lateReportListing, listOrganizations, SYSTEM_DECIDER } from "./credit-lists.server";
import { caseShape } from "~/workflow/case-shape";
import type { ReportDraft } from "./report-form";

export const ANNUAL_REPORT_KIND = "annualReport";
/** Its data: the organization's credit code and type as of opening (the report draft beside them, read by `reportOf`). */
export const annualReportCases = caseShape<AnnualReportContext, { uscc?: string; orgType?: string; report?: Partial<ReportDraft> }>();

export const annualReportCaseKey = (organizationId: string, year: number) => `annualReport:${organizationId}:${year}`;

async function listLate(args: EffectArgs[]): Promise<void> {
  const entries = args
    .filter((a) => a.workflowCase.organizationId)
    .map((a) => ({
      ...lateReportListing(String(a.workflowCase.organizationId), annualReportCases.contextOf(a.workflowCase.snapshot).year, a.caseId),
      // The campaign copied these onto the case: no read of the organizations per batch.
      organizationName: a.workflowCase.title,
      uscc: annualReportCases.dataOf(a.workflowCase).uscc,
    }));
  await listOrganizations(entries, SYSTEM_DECIDER, args[0]?.transition.at ?? new Date());
}

async function listRectificationNotDone(args: EffectArgs[]): Promise<void> {
  const entries = args
    .filter((a) => a.workflowCase.organizationId)
    .map((a) => {
      const context = annualReportCases.contextOf(a.workflowCase.snapshot);
      const organizationId = String(a.workflowCase.organizationId);
      return {
        organizationId,
        reason: "rectificationNotDone" as const,
        detail: context.rectification?.reason ?? "",
        year: context.year,
        sourceCaseId: a.caseId,
        listingKey: `abnormal:${organizationId}:rectificationNotDone:${context.year}`,
      };
    });
  await listOrganizations(entries, args[0]?.transition.actor.name ?? SYSTEM_DECIDER, args[0]?.transition.at ?? new Date());
}

export const annualReportWorkflow = defineWorkflow({
  kind: ANNUAL_REPORT_KIND,
  machine: annualReportMachine,
  version: ANNUAL_REPORT_MACHINE_VERSION,
  upgrades: { 1: upgradeAnnualReportSnapshotFromV1 },
  effects: {
    listLateReport: (args) => listLate([args]),
    listRectificationNotDone: (args) => listRectificationNotDone([args]),
    issueInspectionConclusion: issueOnStep("inspectionConclusion"),
    issueRectificationNotice: issueOnStep("rectificationNotice"),
  },
  batchEffects: {
    listLateReport: listLate,
    listRectificationNotDone,
    issueInspectionConclusion: recordOnSteps("inspectionConclusion"),
    issueRectificationNotice: recordOnSteps("rectificationNotice"),
  },
  batchSweep: true,
  clock: (snapshot: AnyMachineSnapshot) => {
    const context = annualReportCases.contextOf(snapshot);
    const state = String(snapshot.value);
    if (state === "draft") {
      const due = new Date(context.registryDeadline);
      return { dueAt: due, wakeAt: due };
    }
    if (state === "rectification" && context.rectification) {
      const due = new Date(context.rectification.deadline);
      return { dueAt: due, wakeAt: context.rectification.overdue ? null : due };
    }
    return { dueAt: null, wakeAt: null };
  },
});
