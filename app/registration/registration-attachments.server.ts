/**
 * Files of a registration application (章程, 验资证明, 住所证明 …): the applicant attaches them
 * while the application is a draft or returned for correction; regulators read them and may
 * attach (e.g. a scanned paper submission). Nobody else learns they exist.
 */
import { WorkflowCase } from "@models/workflow-case";
import { isObjectIdString, type AttachmentPolicy, type PolicyAnswer } from "~/attachments/policy.server";
import type { SessionUser } from "~/auth/guards.server";
import { REGISTRATION_KIND } from "./registration-intents";
import { REGISTRATION_EDITABLE_STATES } from "@machines/registration.machine";
import { isOneOf } from "~/domain/vocabulary";

async function find(caseId: string) {
  if (!isObjectIdString(caseId)) return null;
  return WorkflowCase.findOne({ _id: caseId, kind: REGISTRATION_KIND }, { state: 1, ownerUserId: 1, organizationId: 1 }).lean();
}

function access(user: SessionUser, c: { ownerUserId?: unknown }): PolicyAnswer {
  if (user.role === "regulator") return true;
  if (c.ownerUserId && String(c.ownerUserId) === user.id) return true;
  return "notFound";
}

export const registrationAttachmentPolicy: AttachmentPolicy = {
  uses: ["registrationFile"],
  async ownerOf(caseId) {
    const c = await find(caseId);
    return c ? { organizationId: c.organizationId ? String(c.organizationId) : null } : null;
  },
  async canRead(user, caseId) {
    const c = await find(caseId);
    return c ? access(user, c) : "notFound";
  },
  async canAttach(user, caseId, use) {
    const c = await find(caseId);
    if (!c) return "notFound";
    return access(user, c) === true && use === "registrationFile" ? true : access(user, c);
  },
  async isEditable(caseId) {
    const c = await find(caseId);
    return !!c && isOneOf(REGISTRATION_EDITABLE_STATES, c.state);
  },
};
