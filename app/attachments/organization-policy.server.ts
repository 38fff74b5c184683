/**
 * Files on an organization's profile (charter, certificates …): the organization's own users
 * and regulators may attach and read them; the party-building instructor assigned to the
 * organization may read them. Nobody else learns they exist. Once an organization has left
 * the register (deregistered or revoked) its files are kept as they are.
 */
import { Organization } from "@models/organization";
import type { SessionUser } from "~/auth/guards.server";
import { isObjectIdString, type AttachmentPolicy, type PolicyAnswer } from "./policy.server";

const CLOSED = new Set(["deregistered", "revoked"]);

async function find(caseId: string) {
  if (!isObjectIdString(caseId)) return null;
  return Organization.findById(caseId, { status: 1, "party.instructorId": 1 }).lean();
}

function readAccess(user: SessionUser, organization: { _id: unknown; party?: { instructorId?: unknown } | null }): PolicyAnswer {
  if (user.role === "regulator") return true;
  if (user.role === "org" && user.organizationId === String(organization._id)) return true;
  if (user.role === "instructor" && user.partyInstructorId && user.partyInstructorId === String(organization.party?.instructorId ?? "")) {
    return true;
  }
  return "notFound";
}

export const organizationAttachmentPolicy: AttachmentPolicy = {
  uses: ["organizationDocument"],
  async ownerOf(caseId) {
    const organization = await find(caseId);
    return organization ? { organizationId: String(organization._id) } : null;
  },
  async canRead(user, caseId) {
    const organization = await find(caseId);
    return organization ? readAccess(user, organization) : "notFound";
  },
  async canAttach(user, caseId, use) {
    const organization = await find(caseId);
    if (!organization) return "notFound";
    const read = readAccess(user, organization);
    if (read !== true) return read;
    return use === "organizationDocument" && (user.role === "regulator" || user.role === "org");
  },
  async isEditable(caseId) {
    const organization = await find(caseId);
    return !!organization && !CLOSED.has(organization.status);
  },
};
