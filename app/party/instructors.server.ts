/** 党建指导员: the regulator's list, detail and create/edit. */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { COVERAGE_STATUSES } from "~/domain/party-building";
import { pinyinSortKey } from "~/domain/pinyin";
import type { PageParams } from "~/forms/page-params";
import { escapeRegExp, objectIdOr404 } from "~/http/ids.server";
import { readPage } from "~/forms/page-query.server";

export interface InstructorInput {
  name: string;
  agency: string;
  phone: string;
}

const INSTRUCTOR_PROJECTION = { name: 1, agency: 1, phone: 1, active: 1 } as const;

function toInstructor(i: { _id: unknown; name: string; agency: string; phone: string; active?: boolean | null }) {
  return { id: String(i._id), name: i.name, agency: i.agency, phone: i.phone, active: i.active !== false };
}

/** How many organizations each instructor is assigned to ($group/$sum only: ADR 001). */
async function assignedCounts(instructorIds: readonly mongoose.Types.ObjectId[]): Promise<Map<string, number>> {
  if (instructorIds.length === 0) return new Map();
  const rows = await Organization.aggregate<{ _id: unknown; count: number }>([
    { $match: { "party.instructorId": { $in: instructorIds } } },
    { $group: { _id: "$party.instructorId", count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.count]));
}

/** Pinyin-sorted, paginated; `q` matches the name or the home agency. */
export async function listInstructors({ page, pageSize }: PageParams, query = "") {
  const text = query.trim().slice(0, 50);
  const filter = text
    ? {
        $or: [
          { name: mongoose.trusted({ $regex: escapeRegExp(text), $options: "i" }) },
          { agency: mongoose.trusted({ $regex: escapeRegExp(text), $options: "i" }) },
        ],
      }
    : {};
  const { total, rows } = await readPage(PartyInstructor.countDocuments(filter), PartyInstructor.find(filter, INSTRUCTOR_PROJECTION).sort({ nameSortKey: 1, _id: 1 }).lean(), { page, pageSize });
  const counts = await assignedCounts(rows.map((r) => r._id));
  return { total, items: rows.map((r) => ({ ...toInstructor(r), organizationCount: counts.get(String(r._id)) ?? 0 })) };
}

/** Active instructors for the assign menu, with their current load. */
export async function instructorOptions() {
  const rows = await PartyInstructor.find({ active: mongoose.trusted({ $ne: false }) }, INSTRUCTOR_PROJECTION).sort({ nameSortKey: 1 }).lean();
  const counts = await assignedCounts(rows.map((r) => r._id));
  return rows.map((r) => ({ ...toInstructor(r), organizationCount: counts.get(String(r._id)) ?? 0 }));
}

export async function getInstructor(instructorId: string) {
  const instructor = await PartyInstructor.findById(objectIdOr404(instructorId), INSTRUCTOR_PROJECTION).lean();
  if (!instructor) throw new Response("Not Found", { status: 404 });
  return toInstructor(instructor);
}

/** The organizations an instructor guides (live ones; city scale, so no paging beyond 200). */
export async function organizationsOfInstructorForRegulator(instructorId: string) {
  const rows = await Organization.find(
    { "party.instructorId": objectIdOr404(instructorId), status: mongoose.trusted({ $in: COVERAGE_STATUSES }) },
    { name: 1, uscc: 1, district: 1, type: 1, party: 1 },
  )
    .sort({ nameSortKey: 1 })
    .limit(200)
    .lean();
  return rows.map((r) => ({ id: String(r._id), name: r.name, uscc: r.uscc, district: r.district, type: r.type, partyForm: r.party?.form ?? "none" }));
}

export async function createInstructor(input: InstructorInput): Promise<string> {
  const instructor = await PartyInstructor.create({ ...input, nameSortKey: pinyinSortKey(input.name) });
  return String(instructor._id);
}

export async function updateInstructor(instructorId: string, input: InstructorInput): Promise<void> {
  const result = await PartyInstructor.updateOne({ _id: objectIdOr404(instructorId) }, { $set: { ...input, nameSortKey: pinyinSortKey(input.name) } });
  if (result.matchedCount === 0) throw new Response("Not Found", { status: 404 });
}
