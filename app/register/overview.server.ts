/** Read-only figures about the register, for the home page and workspaces. */
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";

export interface RegisterOverview {
  organizations: number;
  directlyManaged: number;
  instructors: number;
  byType: { type: (typeof ORGANIZATION_TYPES)[number]; count: number }[];
  byDistrict: { district: string; count: number }[];
}

export async function registerOverview(): Promise<RegisterOverview> {
  const [organizations, directlyManaged, instructors, typeRows, districtRows] = await Promise.all([
    Organization.countDocuments({}),
    Organization.countDocuments({ directlyManaged: true }),
    PartyInstructor.countDocuments({ active: true }),
    Organization.aggregate<{ _id: string; count: number }>([{ $group: { _id: "$type", count: { $sum: 1 } } }]),
    Organization.aggregate<{ _id: string; count: number }>([{ $group: { _id: "$district", count: { $sum: 1 } } }]),
  ]);
  const countOf = (rows: { _id: string; count: number }[], id: string) => rows.find((r) => r._id === id)?.count ?? 0;
  return {
    organizations,
    directlyManaged,
    instructors,
    byType: ORGANIZATION_TYPES.map((type) => ({ type, count: countOf(typeRows, type) })),
    byDistrict: DISTRICTS.map((d) => ({ district: d.code, count: countOf(districtRows, d.code) })),
  };
}
