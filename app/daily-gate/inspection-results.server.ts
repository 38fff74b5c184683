/**
 * Concluded annual inspections per organization, for its public page (government disclosure
 * sites list them by year). An in-process copy following the annual-report cases' token: the
 * page reads it instead of filtering the cases (a scan on the embedded database, ADR 007).
 */
import mongoose from "mongoose";
import { WorkflowCase } from "@models/workflow-case";
import type { AnnualReportContext } from "@machines/annual-report.machine";
import { versionedReadModel } from "~/read-model/versioned.server";
import { casesReadModel } from "~/workflow/engine.server";
import { ANNUAL_REPORT_KIND } from "./annual-report-workflow.server";
import { REPORT_CONCLUDED_STATES } from "@machines/annual-report.machine";

export interface InspectionResult {
  year: number;
  result: string;
  concludedAt: string | null;
}

const concludedInspections = versionedReadModel(casesReadModel(ANNUAL_REPORT_KIND), async () => {
  const rows = await WorkflowCase.find(
    { kind: ANNUAL_REPORT_KIND, state: mongoose.trusted({ $in: [...REPORT_CONCLUDED_STATES] }) },
    { organizationId: 1, "snapshot.context.year": 1, "snapshot.context.result": 1, "snapshot.context.concludedAt": 1 },
  ).lean<{ organizationId?: mongoose.Types.ObjectId; snapshot?: { context?: Pick<AnnualReportContext, "year" | "result" | "concludedAt"> } }[]>();
  const byOrganization = new Map<string, InspectionResult[]>();
  for (const row of rows) {
    const context = row.snapshot?.context;
    if (!row.organizationId || !context?.result) continue;
    const id = String(row.organizationId);
    byOrganization.set(id, [...(byOrganization.get(id) ?? []), { year: context.year, result: context.result, concludedAt: context.concludedAt }]);
  }
  return byOrganization;
});

/** The organization's concluded inspections, the latest year first. */
export async function inspectionResultsOf(organizationId: string): Promise<InspectionResult[]> {
  return [...((await concludedInspections()).get(organizationId) ?? [])].sort((a, b) => b.year - a.year);
}
