/** One organization's registration facts: read with an object-level check, change with a history entry. */
import { Organization, type OrganizationFields } from "@models/organization";
import { OrganizationChange } from "@models/organization-change";
import { assertOrganizationAccess, type SessionUser } from "~/auth/guards.server";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import type { PageParams } from "~/forms/page-params";
import { openPersonal, personalIndexOf, revealPersonal, sealPersonal } from "~/personal-data/personal-data.server";
import { changeForHistory, diffFacts, FACT_PATHS, isPersonalFact, PERSONAL_FACTS, type ChangedField, type OrganizationFacts } from "./organization-fields";
import { readPage } from "~/forms/page-query.server";

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** What reading an organization's facts needs (the register's read model adds its sort keys). */
export const ORGANIZATION_PROJECTION = {
  uscc: 1,
  name: 1,
  type: 1,
  status: 1,
  registrationAuthority: 1,
  district: 1,
  sponsoringUnit: 1,
  legalRepresentative: 1,
  legalRepresentativeIdNumber: 1,
  legalRepresentativeMobile: 1,
  personalIndex: 1,
  domicile: 1,
  establishedAt: 1,
  registeredCapitalFen: 1,
  businessScope: 1,
  contact: 1,
  directlyManaged: 1,
  publicFundraising: 1,
  party: 1,
  exit: 1,
} as const;

/**
 * The facts of an Organization document read with `ORGANIZATION_PROJECTION` (contact flattened,
 * gaps as "", personal data opened: pages mask it, the history keeps it masked).
 */
export function factsOfDocument(o: Pick<OrganizationFields, keyof typeof ORGANIZATION_PROJECTION>): OrganizationFacts {
  return {
    name: o.name,
    registrationAuthority: o.registrationAuthority,
    district: o.district,
    sponsoringUnit: o.sponsoringUnit ?? "",
    legalRepresentative: o.legalRepresentative,
    legalRepresentativeIdNumber: openPersonal(o.legalRepresentativeIdNumber),
    legalRepresentativeMobile: openPersonal(o.legalRepresentativeMobile),
    domicile: o.domicile,
    establishedAt: o.establishedAt,
    registeredCapitalFen: o.registeredCapitalFen,
    businessScope: o.businessScope ?? "",
    contactName: o.contact?.name ?? "",
    contactPhone: openPersonal(o.contact?.phone),
    contactEmail: o.contact?.email ?? "",
    directlyManaged: o.directlyManaged ?? false,
    publicFundraising: o.publicFundraising ?? false,
  };
}

/** A new organization's personal facts as stored: sealed, with the keyed hashes that find them. */
export function storedPersonalFacts(facts: Pick<OrganizationFacts, "legalRepresentativeIdNumber" | "legalRepresentativeMobile" | "contactPhone">) {
  return {
    legalRepresentativeIdNumber: sealPersonal(facts.legalRepresentativeIdNumber),
    legalRepresentativeMobile: sealPersonal(facts.legalRepresentativeMobile),
    contactPhone: sealPersonal(facts.contactPhone),
    personalIndex: personalIndexOf(Object.entries(PERSONAL_FACTS).map(([field, kind]) => ({ kind, value: facts[field as keyof typeof facts] ?? "" }))),
  };
}

/** The organization (by `_id`, the fast lookup) if this user may see it; 404 otherwise. */
export async function organizationRecord(user: SessionUser, id: string | undefined) {
  if (!id || !OBJECT_ID.test(id)) throw new Response("Not Found", { status: 404 });
  const o = await Organization.findById(id, ORGANIZATION_PROJECTION).lean();
  if (!o) throw new Response("Not Found", { status: 404 });
  assertOrganizationAccess(user, o);
  const exit = o.exit ? { date: o.exit.on.toISOString(), reason: o.exit.reason ?? "" } : null;
  return { id: String(o._id), uscc: o.uscc, type: o.type, status: o.status, exit, partyForm: o.party?.form ?? "none", facts: factsOfDocument(o) };
}

/** Shows one personal fact whole to someone who may see the organization, and records it (ADR 016). */
export async function revealOrganizationFact(user: SessionUser, id: string | undefined, field: string): Promise<{ field: string; value: string }> {
  if (!isPersonalFact(field)) throw new Response("Bad Request", { status: 400 });
  if (!id || !OBJECT_ID.test(id)) throw new Response("Not Found", { status: 404 });
  const o = await Organization.findById(id, ORGANIZATION_PROJECTION).lean();
  if (!o) throw new Response("Not Found", { status: 404 });
  assertOrganizationAccess(user, o);
  const stored = field === "contactPhone" ? o.contact?.phone : o[field as "legalRepresentativeIdNumber" | "legalRepresentativeMobile"];
  return { field, value: await revealPersonal(user, { kind: "organization", id, label: o.name }, field, stored) };
}

/**
 * The `$set` for changed facts: a new name brings its pinyin keys along, personal data is sealed
 * and its keyed hashes follow it. `before` supplies the personal data the change leaves alone.
 */
export function setOfChanges(changes: ChangedField[], after: OrganizationFacts, before: OrganizationFacts): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const { field } of changes) set[FACT_PATHS[field]] = field in PERSONAL_FACTS ? sealPersonal(String(after[field])) : after[field];
  if ("name" in set) {
    set.nameSortKey = pinyinSortKey(after.name);
    set.nameInitials = pinyinInitials(after.name);
  }
  if (changes.some(({ field }) => field in PERSONAL_FACTS)) {
    const changed = new Set(changes.map((c) => c.field));
    set.personalIndex = personalIndexOf(
      Object.entries(PERSONAL_FACTS).map(([field, kind]) => ({ kind, value: String((changed.has(field as never) ? after : before)[field as keyof OrganizationFacts] ?? "") })),
    );
  }
  return set;
}

/**
 * Saves changed facts and records them (变更). The history entry is written first: if the
 * update then fails it is removed, so the history never misses a change that was made.
 */
export async function updateOrganizationFacts(
  user: SessionUser,
  id: string,
  after: OrganizationFacts,
  reason: string,
): Promise<{ changed: number }> {
  const { facts: before } = await organizationRecord(user, id);
  const changes = diffFacts(before, after);
  if (changes.length === 0) return { changed: 0 };
  const record = await OrganizationChange.create({
    organizationId: id,
    changedAt: new Date(),
    actorId: user.id,
    actorName: user.displayName,
    fields: changes.map(changeForHistory),
    reason,
  });
  try {
    await Organization.updateOne({ _id: id }, { $set: setOfChanges(changes, after, before) }, { runValidators: true });
  } catch (error) {
    await OrganizationChange.deleteOne({ _id: record._id });
    throw error;
  }
  return { changed: changes.length };
}

export async function organizationChanges(organizationId: string, { page, pageSize }: PageParams) {
  const filter = { organizationId };
  const { total, rows } = await readPage(OrganizationChange.countDocuments(filter), OrganizationChange.find(filter, { changedAt: 1, actorName: 1, fields: 1, reason: 1, importId: 1 }).sort({ changedAt: -1, _id: -1 }).lean(), { page, pageSize });
  return {
    total,
    items: rows.map((c) => ({
      id: String(c._id),
      changedAt: c.changedAt.toISOString(),
      actorName: c.actorName,
      reason: c.reason ?? "",
      importId: c.importId ? String(c.importId) : null,
      fields: c.fields.map((f) => ({ field: f.field, before: f.before ?? "", after: f.after ?? "" })),
    })),
  };
}
