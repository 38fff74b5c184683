/**
 * Party-building coverage (组织覆盖 / 工作覆盖) by district and type. The database only
 * counts ($group with $sum, ADR 001); shares are computed in TypeScript.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { DISTRICT_CODES, ORGANIZATION_TYPES, type DistrictCode, type OrganizationType } from "~/domain/organization";
import { COVERAGE_STATUSES, coverageReport, hasPartyOrganization, type CoverageCell, type CoverageReport } from "~/domain/party-building";
import type { PageParams } from "~/forms/page-params";
import { readPage } from "~/forms/page-query.server";

type GroupRow = { _id: { district: string; type: string; form?: string | null }; count: number };

const live = () => ({ status: mongoose.trusted({ $in: COVERAGE_STATUSES }) });
// Records written before the party subdocument existed have no form: they count as "none".
const noParty = () => ({ "party.form": mongoose.trusted({ $in: ["none" as const, null] }) });

export async function coverageCells(): Promise<CoverageCell[]> {
  const [byForm, instructorOnly] = await Promise.all([
    Organization.aggregate<GroupRow>([
      { $match: live() },
      { $group: { _id: { district: "$district", type: "$type", form: "$party.form" }, count: { $sum: 1 } } },
    ]),
    Organization.aggregate<GroupRow>([
      { $match: { ...live(), ...noParty(), "party.instructorId": mongoose.trusted({ $ne: null }) } },
      { $group: { _id: { district: "$district", type: "$type" }, count: { $sum: 1 } } },
    ]),
  ]);
  const cells = new Map<string, CoverageCell>();
  const cellOf = (district: string, type: string) => {
    const key = `${district}|${type}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { district, type, total: 0, withParty: 0, instructorOnly: 0 }));
    return cell;
  };
  for (const row of byForm) {
    const cell = cellOf(row._id.district, row._id.type);
    cell.total += row.count;
    if (hasPartyOrganization(row._id.form)) cell.withParty += row.count;
  }
  for (const row of instructorOnly) cellOf(row._id.district, row._id.type).instructorOnly += row.count;
  return [...cells.values()];
}

export async function partyCoverage(): Promise<CoverageReport> {
  return coverageReport(await coverageCells(), DISTRICT_CODES, ORGANIZATION_TYPES);
}

export interface UncoveredFilter {
  district?: DistrictCode;
  type?: OrganizationType;
}

/** Live organizations with neither a party organization nor an instructor, pinyin order. */
export async function uncoveredOrganizations({ page, pageSize }: PageParams, filter: UncoveredFilter = {}) {
  const query = {
    ...live(),
    ...noParty(),
    "party.instructorId": null,
    ...(filter.district ? { district: filter.district } : {}),
    ...(filter.type ? { type: filter.type } : {}),
  };
  const { total, rows } = await readPage(Organization.countDocuments(query), Organization.find(query, { name: 1, uscc: 1, district: 1, type: 1, party: 1 }).sort({ nameSortKey: 1, _id: 1 }).lean(), { page, pageSize });
  return {
    total,
    items: rows.map((r) => ({ id: String(r._id), name: r.name, uscc: r.uscc, district: r.district, type: r.type, memberCount: r.party?.memberCount ?? 0 })),
  };
}
