/**
 * Files of an annual report (financial statements, audit report, rectification evidence): the
 * organization attaches them while the report is its to edit or a rectification is open;
 * regulators read (and may attach a paper submission). Nobody else learns they exist.
 */
import { WorkflowCase } from "@models/workflow-case";
import { isObjectIdString, type AttachmentPolicy, type PolicyAnswer } from "~/attachments/policy.server";
import type { SessionUser } from "~/auth/guards.server";
import { ANNUAL_REPORT_KIND } from "./annual-report-workflow.server";
import { REPORT_FILES_EDITABLE_STATES } from "@machines/annual-report.machine";
import { isOneOf } from "~/domain/vocabulary";

async function find(caseId: string) {
  if (!isObjectIdString(caseId)) return null;
  return WorkflowCase.findOne({ _id: caseId, kind: ANNUAL_REPORT_KIND }, { state: 1, organizationId: 1 }).lean();
}

export function reportAccess(user: SessionUser, c: { organizationId?: unknown }): PolicyAnswer {
  if (user.role === "regulator") return true;
  if (user.role === "org" && user.organizationId && String(c.organizationId ?? "") === user.organizationId) return true;
  return "notFound";
}

export const annualReportAttachmentPolicy: AttachmentPolicy = {
  uses: ["annualReport"],
  async ownerOf(caseId) {
    const c = await find(caseId);
    return c ? { organizationId: c.organizationId ? String(c.organizationId) : null } : null;
  },
  async canRead(user, caseId) {
    const c = await find(caseId);
    return c ? reportAccess(user, c) : "notFound";
  },
  async canAttach(user, caseId) {
    const c = await find(caseId);
    if (!c) return "notFound";
    return reportAccess(user, c);
  },
  async isEditable(caseId) {
    const c = await find(caseId);
    return !!c && isOneOf(REPORT_FILES_EDITABLE_STATES, c.state);
  },
};
