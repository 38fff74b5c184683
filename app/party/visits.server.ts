/** Guidance visits (指导记录): logged by the assigned instructor, read by regulators too. */
import mongoose from "mongoose";
import { GuidanceVisit } from "@models/guidance-visit";
import { Organization } from "@models/organization";
import { assertOrganizationAccess, type SessionUser } from "~/auth/guards.server";
import { isDuplicateKeyError } from "~/db.server";
import type { VisitMode } from "~/domain/party-building";
import type { PageParams } from "~/forms/page-params";
import { objectIdOr404 } from "~/http/ids.server";
import { readPage } from "~/forms/page-query.server";

export interface VisitInput {
  date: Date;
  mode: VisitMode;
  topics: string;
  problemsFound: string;
  followUp: string;
  idempotencyKey: string;
}

const VISIT_PROJECTION = { organizationId: 1, instructorId: 1, date: 1, mode: 1, topics: 1, problemsFound: 1, followUp: 1, createdAt: 1 } as const;

function toVisit(v: {
  _id: unknown;
  organizationId: unknown;
  date: Date;
  mode: string;
  topics: string;
  problemsFound?: string | null;
  followUp?: string | null;
  createdAt: Date;
}) {
  return {
    id: String(v._id),
    organizationId: String(v.organizationId),
    date: v.date.toISOString(),
    mode: v.mode as VisitMode,
    topics: v.topics,
    problemsFound: v.problemsFound ?? "",
    followUp: v.followUp ?? "",
    createdAt: v.createdAt.toISOString(),
  };
}
export type GuidanceVisitView = ReturnType<typeof toVisit>;

/**
 * Logs a visit by the organization's assigned instructor. The same idempotency key twice
 * (a double click, a resent form) gives back the first visit instead of a second one.
 */
export async function logGuidanceVisit(user: SessionUser, organizationId: string, input: VisitInput): Promise<{ id: string; created: boolean }> {
  if (user.role !== "instructor" || !user.partyInstructorId) throw new Response("Forbidden", { status: 403 });
  const organization = await Organization.findById(objectIdOr404(organizationId), { "party.instructorId": 1 }).lean();
  if (!organization) throw new Response("Not Found", { status: 404 });
  assertOrganizationAccess(user, organization);
  const instructorId = new mongoose.Types.ObjectId(user.partyInstructorId);
  try {
    const visit = await GuidanceVisit.create({
      ...input,
      organizationId: organization._id,
      instructorId,
      createdBy: new mongoose.Types.ObjectId(user.id),
      createdAt: new Date(),
    });
    return { id: String(visit._id), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const first = await GuidanceVisit.findOne({ instructorId, idempotencyKey: input.idempotencyKey }, { _id: 1 }).lean();
    if (!first) throw error;
    return { id: String(first._id), created: false };
  }
}

/** Visits to one organization, newest first. The caller has checked access to it. */
export async function visitsOfOrganization(organizationId: string, { page, pageSize }: PageParams) {
  const filter = { organizationId: objectIdOr404(organizationId) };
  const { total, rows } = await readPage(GuidanceVisit.countDocuments(filter), GuidanceVisit.find(filter, VISIT_PROJECTION).sort({ date: -1, createdAt: -1 }).lean(), { page, pageSize });
  return { total, items: rows.map(toVisit) };
}

/** An instructor's latest visits with the organizations' names (for the regulator's view). */
export async function recentVisitsOfInstructor(instructorId: string, limit = 10) {
  const rows = await GuidanceVisit.find({ instructorId: objectIdOr404(instructorId) }, VISIT_PROJECTION)
    .sort({ date: -1, createdAt: -1 })
    .limit(limit)
    .lean();
  const names = await organizationNames(rows.map((r) => String(r.organizationId)));
  return rows.map((r) => ({ ...toVisit(r), organizationName: names.get(String(r.organizationId)) ?? "" }));
}

async function organizationNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await Organization.find({ _id: mongoose.trusted({ $in: unique }) }, { name: 1 }).lean();
  return new Map(rows.map((r) => [String(r._id), r.name]));
}
