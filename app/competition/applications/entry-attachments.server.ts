/**
 * Files of a competition entry: the proposal and budget sheet (the organization attaches them
 * while the entry is a draft or returned); after the award the signed agreement (while awarded)
 * and the mid-term and final reports' files (while that report may be written). Regulators read
 * them; a judge reads them only while assigned (not conflicted) and judging is open. Others: 404.
 */
import { JudgeAssignment } from "@models/judge-assignment";
import { judgeEntryId } from "@models/judge-entry-key";
import { WorkflowCase } from "@models/workflow-case";
import { isObjectIdString, type AttachmentPolicy, type PolicyAnswer } from "~/attachments/policy.server";
import type { SessionUser } from "~/auth/guards.server";
import type { AttachmentUse } from "~/domain/attachment-uses";
import { ENTRY_KIND } from "~/domain/competition";
import { REPORTABLE_STATE } from "../funding/report-form";
import { ENTRY_EDITABLE_STATES, ENTRY_REPORTING_STATES } from "@machines/competition-entry.machine";
import { isOneOf } from "~/domain/vocabulary";
import { entryCases } from "../case-shapes";

/** The entry states in which the organization may add (and delete unrelied) files of each post-award use. */
const POST_AWARD: Partial<Record<AttachmentUse, readonly string[]>> = {
  agreement: ["awarded"],
  midtermReport: ["contracted", REPORTABLE_STATE.midterm],
  finalReport: [REPORTABLE_STATE.final],
};

async function find(caseId: string) {
  if (!isObjectIdString(caseId)) return null;
  return WorkflowCase.findOne({ _id: caseId, kind: ENTRY_KIND }, { state: 1, organizationId: 1, data: 1 }).lean();
}

async function readAccess(user: SessionUser, c: { _id: unknown; organizationId?: unknown; data?: unknown }): Promise<PolicyAnswer> {
  if (user.role === "regulator") return true;
  if (user.role === "org" && user.organizationId && String(c.organizationId) === user.organizationId) return true;
  if (user.role === "judge") {
    const assignment = await JudgeAssignment.findById(judgeEntryId(c._id, user.id), { status: 1 }).lean(); // keyed by (entry, judge), ADR 009
    const assigned = assignment?.status === "active";
    const competitionId = entryCases.dataOf(c).competitionId ?? "";
    const competition = isObjectIdString(competitionId) ? await WorkflowCase.findById(competitionId, { state: 1 }).lean() : null;
    if (assigned && competition?.state === "judging") return true;
  }
  return "notFound";
}

export const entryAttachmentPolicy: AttachmentPolicy = {
  uses: ["proposal", "budget", "evaluationReport", "agreement", "midtermReport", "finalReport"],
  async ownerOf(caseId) {
    const c = await find(caseId);
    return c ? { organizationId: c.organizationId ? String(c.organizationId) : null } : null;
  },
  async canRead(user, caseId) {
    const c = await find(caseId);
    return c ? readAccess(user, c) : "notFound";
  },
  async canAttach(user, caseId, use) {
    const c = await find(caseId);
    if (!c) return "notFound";
    const owner = user.role === "org" && user.organizationId !== null && String(c.organizationId) === user.organizationId;
    if (!owner) return (await readAccess(user, c)) === true ? false : "notFound";
    if (use === "evaluationReport") return isOneOf(ENTRY_REPORTING_STATES, c.state);
    const postAward = POST_AWARD[use];
    if (postAward) return postAward.includes(c.state);
    return isOneOf(ENTRY_EDITABLE_STATES, c.state);
  },
  async isEditable(caseId) {
    const c = await find(caseId);
    return !!c && (isOneOf(ENTRY_EDITABLE_STATES, c.state) || isOneOf(ENTRY_REPORTING_STATES, c.state) || Object.values(POST_AWARD).some((states) => states.includes(c.state)));
  },
};
