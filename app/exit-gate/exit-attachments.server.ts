/**
 * Files of exit cases: on a deregistration the sponsoring unit's consent (with the application)
 * and the liquidation report (during liquidation), attached by the organization or a regulator;
 * evidence on a revocation (regulators only). An organization applying itself may upload the
 * consent letter before its case exists: it waits on the organization (below) until the
 * application opens the case and takes it over.
 */
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { AttachmentUse } from "~/domain/attachment-uses";
import { isObjectIdString, type AttachmentPolicy, type PolicyAnswer } from "~/attachments/policy.server";
import type { SessionUser } from "~/auth/guards.server";
import { DEREGISTRATION_KIND, REVOCATION_KIND } from "./exit-workflows.server";

async function find(kind: string, caseId: string) {
  if (!isObjectIdString(caseId)) return null;
  return WorkflowCase.findOne({ _id: caseId, kind }, { state: 1, organizationId: 1 }).lean();
}

export function exitAccess(user: SessionUser, c: { organizationId?: unknown }): PolicyAnswer {
  if (user.role === "regulator") return true;
  if (user.role === "org" && user.organizationId && String(c.organizationId ?? "") === user.organizationId) return true;
  return "notFound";
}

function policyFor(kind: string, uses: AttachmentUse[], editableStates: string[], orgMayAttach: boolean): AttachmentPolicy {
  return {
    uses,
    async ownerOf(caseId) {
      const c = await find(kind, caseId);
      return c ? { organizationId: c.organizationId ? String(c.organizationId) : null } : null;
    },
    async canRead(user, caseId) {
      const c = await find(kind, caseId);
      return c ? exitAccess(user, c) : "notFound";
    },
    async canAttach(user, caseId) {
      const c = await find(kind, caseId);
      if (!c) return "notFound";
      const access = exitAccess(user, c);
      if (access !== true) return access;
      return user.role === "regulator" || (orgMayAttach && user.role === "org");
    },
    async isEditable(caseId) {
      const c = await find(kind, caseId);
      return !!c && editableStates.includes(c.state);
    },
  };
}

export const deregistrationAttachmentPolicy = policyFor(DEREGISTRATION_KIND, ["sponsorConsent", "liquidationReport"], ["application", "liquidation"], true);
export const revocationAttachmentPolicy = policyFor(REVOCATION_KIND, ["liquidationReport"], ["opened", "investigation", "hearing"], false);

/**
 * The consent letter an organization uploads with its own application, before the case exists:
 * held under this kind with the organization's id as case id, read by the organization and
 * regulators, attached only by the organization's users while it may still apply (registered).
 * Opening the case moves the letters onto it (`applyForDeregistration`).
 */
export const DEREGISTRATION_APPLICATION_KIND = "deregistrationApplication";

async function applicant(organizationId: string) {
  if (!isObjectIdString(organizationId)) return null;
  return Organization.findById(organizationId, { status: 1 }).lean();
}

export const deregistrationApplicationAttachmentPolicy: AttachmentPolicy = {
  uses: ["sponsorConsent"],
  async ownerOf(organizationId) {
    return (await applicant(organizationId)) ? { organizationId } : null;
  },
  async canRead(user, organizationId) {
    return (await applicant(organizationId)) ? exitAccess(user, { organizationId }) : "notFound";
  },
  async canAttach(user, organizationId) {
    if (!(await applicant(organizationId))) return "notFound";
    const access = exitAccess(user, { organizationId });
    return access === true ? user.role === "org" : access;
  },
  async isEditable(organizationId) {
    const organization = await applicant(organizationId);
    return !!organization && organization.status === "registered";
  },
};
