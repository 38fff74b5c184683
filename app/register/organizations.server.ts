/** Register reads used by the workspaces. */
import { Organization } from "@models/organization";
import type { SessionUser } from "~/auth/guards.server";
import { assertOrganizationAccess } from "~/auth/guards.server";

const SUMMARY = {
  uscc: 1,
  name: 1,
  type: 1,
  district: 1,
  status: 1,
  legalRepresentative: 1,
  domicile: 1,
  establishedAt: 1,
  registeredCapitalFen: 1,
  sponsoringUnit: 1,
  registrationAuthority: 1,
  "party.form": 1,
  "party.instructorId": 1,
} as const;

function toSummary(o: {
  _id: unknown;
  uscc: string;
  name: string;
  type: string;
  district: string;
  status: string;
  legalRepresentative: string;
  domicile: string;
  establishedAt: Date;
  registeredCapitalFen: number;
  sponsoringUnit?: string | null;
  registrationAuthority: string;
  party?: { form?: string | null } | null;
}) {
  return {
    id: String(o._id),
    uscc: o.uscc,
    name: o.name,
    type: o.type,
    district: o.district,
    status: o.status,
    legalRepresentative: o.legalRepresentative,
    domicile: o.domicile,
    establishedAt: o.establishedAt.toISOString(),
    registeredCapitalFen: o.registeredCapitalFen,
    sponsoringUnit: o.sponsoringUnit ?? "",
    registrationAuthority: o.registrationAuthority,
    partyForm: o.party?.form ?? "none",
  };
}
export type OrganizationSummary = ReturnType<typeof toSummary>;

export async function organizationForUser(user: SessionUser, organizationId: string): Promise<OrganizationSummary> {
  const organization = await Organization.findById(organizationId, SUMMARY).lean();
  if (!organization) throw new Response("Not Found", { status: 404 });
  assertOrganizationAccess(user, organization);
  return toSummary(organization);
}
