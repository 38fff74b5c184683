/**
 * Party facts of one organization (Organization.party) and its point-to-point instructor.
 * Regulators and the organization's assigned instructor may change the facts; only
 * regulators assign instructors. Every save goes through the rules in ~/domain/party-building.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { assertOrganizationAccess, type SessionUser } from "~/auth/guards.server";
import type { PartyForm } from "~/domain/organization";
import {
  checkPartyFacts,
  COVERAGE_STATUSES,
  normalizePartyFacts,
  partyWarnings,
  planJointGroupUpdates,
  type PartyCheck,
  type PartyFactsInput,
} from "~/domain/party-building";
import type { MessageKey } from "~/i18n/i18n";
import { escapeRegExp, objectIdOr404 } from "~/http/ids.server";

const PARTY_PROJECTION = { name: 1, uscc: 1, type: 1, district: 1, status: 1, party: 1 } as const;

export interface PartnerSummary {
  id: string;
  name: string;
  uscc: string;
}

async function loadOrganization(user: SessionUser, organizationId: string) {
  const organization = await Organization.findById(objectIdOr404(organizationId), PARTY_PROJECTION).lean();
  if (!organization) throw new Response("Not Found", { status: 404 });
  assertOrganizationAccess(user, organization);
  return organization;
}

/** 404 unless `user` may see this organization's party facts (the page's own check). */
export async function assertPartyAccess(user: SessionUser, organizationId: string): Promise<void> {
  await loadOrganization(user, organizationId);
}

export async function partnerSummaries(ids: readonly string[]): Promise<PartnerSummary[]> {
  const valid = ids.filter((id) => mongoose.isValidObjectId(id));
  if (valid.length === 0) return [];
  const rows = await Organization.find({ _id: mongoose.trusted({ $in: valid }) }, { name: 1, uscc: 1 }).lean();
  const byId = new Map(rows.map((r) => [String(r._id), { id: String(r._id), name: r.name, uscc: r.uscc }]));
  return valid.flatMap((id) => byId.get(id) ?? []);
}

/** The party tab / instructor view: facts, partners, instructor and the rule warnings. */
export async function partyOfOrganization(user: SessionUser, organizationId: string) {
  const organization = await loadOrganization(user, organizationId);
  const party = organization.party;
  const partnerIds = (party?.jointPartnerIds ?? []).map(String);
  const [partners, instructor] = await Promise.all([
    partnerSummaries(partnerIds),
    party?.instructorId ? PartyInstructor.findById(party.instructorId, { name: 1, agency: 1, phone: 1 }).lean() : null,
  ]);
  const facts: PartyFactsInput = {
    form: (party?.form ?? "none") as PartyForm,
    memberCount: party?.memberCount ?? 0,
    establishedAt: party?.establishedAt ?? null,
    jointPartnerIds: partnerIds,
    attachedTo: party?.attachedTo ?? "",
  };
  const warnings = partyWarnings(facts, Boolean(instructor));
  return {
    organization: {
      id: String(organization._id),
      name: organization.name,
      uscc: organization.uscc,
      type: organization.type,
      district: organization.district,
      status: organization.status,
    },
    party: {
      form: facts.form,
      memberCount: facts.memberCount,
      establishedAt: facts.establishedAt?.toISOString() ?? null,
      attachedTo: facts.attachedTo,
      partners,
    },
    instructor: instructor
      ? { id: String(instructor._id), name: instructor.name, agency: instructor.agency, phone: instructor.phone }
      : null,
    warnings,
  };
}
export type PartyOfOrganization = Awaited<ReturnType<typeof partyOfOrganization>>;

export type PartySaveResult = { ok: true; warnings: MessageKey[] } | ({ ok: false } & PartyCheck);

/**
 * Saves the facts after checking the rules. A joint organization is one group, so the
 * partners' own records are brought in line (see planJointGroupUpdates). Without
 * transactions these are separate writes; each is idempotent, so saving again repairs an
 * interrupted save.
 */
export async function savePartyFacts(user: SessionUser, organizationId: string, raw: PartyFactsInput, now = new Date()): Promise<PartySaveResult> {
  if (user.role !== "regulator" && user.role !== "instructor") throw new Response("Forbidden", { status: 403 });
  const organization = await loadOrganization(user, organizationId);
  const input = normalizePartyFacts(raw);
  const previousPartnerIds = organization.party?.form === "joint" ? (organization.party.jointPartnerIds ?? []).map(String) : [];
  const partnerIds = input.jointPartnerIds.filter((id) => mongoose.isValidObjectId(id));
  const partners = partnerIds.length
    ? await Organization.find({ _id: mongoose.trusted({ $in: partnerIds }) }, { party: 1 }).lean()
    : [];
  const check = checkPartyFacts(input, {
    organizationId: String(organization._id),
    previousPartnerIds,
    hasInstructor: Boolean(organization.party?.instructorId),
    partners: partners.map((p) => ({
      id: String(p._id),
      form: (p.party?.form ?? "none") as PartyForm,
      jointPartnerIds: (p.party?.jointPartnerIds ?? []).map(String),
    })),
    now,
  });
  if (Object.keys(check.errors).length > 0) return { ok: false, ...check };

  await Organization.updateOne({ _id: organization._id }, partyUpdate(input));
  for (const update of planJointGroupUpdates(String(organization._id), previousPartnerIds, input)) {
    const partyFacts: PartyFactsInput = update.dissolve
      ? { form: "none", memberCount: 0, establishedAt: null, jointPartnerIds: [], attachedTo: "" }
      : { form: "joint", memberCount: 0, establishedAt: input.establishedAt, jointPartnerIds: update.jointPartnerIds, attachedTo: "" };
    // Each unit keeps its own member count; only the group's shape changes.
    const { $set, $unset } = partyUpdate(partyFacts);
    delete $set["party.memberCount"];
    await Organization.updateOne({ _id: new mongoose.Types.ObjectId(update.id) }, { $set, $unset });
  }
  return { ok: true, warnings: check.warnings };
}

function partyUpdate(input: PartyFactsInput): { $set: Record<string, unknown>; $unset: Record<string, 1> } {
  const $set: Record<string, unknown> = {
    "party.form": input.form,
    "party.memberCount": input.memberCount,
    "party.jointPartnerIds": input.jointPartnerIds.map((id) => new mongoose.Types.ObjectId(id)),
    "party.attachedTo": input.attachedTo,
  };
  const $unset: Record<string, 1> = {};
  if (input.establishedAt) $set["party.establishedAt"] = input.establishedAt;
  else $unset["party.establishedAt"] = 1;
  return { $set, $unset };
}

/** Point to point: one instructor per organization, chosen by a regulator. */
export async function assignInstructor(user: SessionUser, organizationId: string, instructorId: string): Promise<{ ok: true } | { ok: false; error: MessageKey }> {
  if (user.role !== "regulator") throw new Response("Forbidden", { status: 403 });
  const organization = await loadOrganization(user, organizationId);
  const instructor = mongoose.isValidObjectId(instructorId) ? await PartyInstructor.findById(instructorId, { active: 1 }).lean() : null;
  if (!instructor || !instructor.active) return { ok: false, error: "party.instructor.unknown" };
  await Organization.updateOne({ _id: organization._id }, { $set: { "party.instructorId": instructor._id } });
  return { ok: true };
}

export async function unassignInstructor(user: SessionUser, organizationId: string): Promise<void> {
  if (user.role !== "regulator") throw new Response("Forbidden", { status: 403 });
  const organization = await loadOrganization(user, organizationId);
  await Organization.updateOne({ _id: organization._id }, { $unset: { "party.instructorId": 1 } });
}

/** Register search for joint partners: name, pinyin initials or credit code; public facts only. */
export async function searchPartnerCandidates(query: string, excludeId: string): Promise<(PartnerSummary & { partyForm: string })[]> {
  const text = query.trim().slice(0, 50);
  if (text === "") return [];
  const pattern = escapeRegExp(text);
  const rows = await Organization.find(
    {
      status: mongoose.trusted({ $in: COVERAGE_STATUSES }),
      $or: [
        { name: mongoose.trusted({ $regex: pattern, $options: "i" }) },
        { nameInitials: mongoose.trusted({ $regex: `^${escapeRegExp(text.toLowerCase())}` }) },
        { uscc: mongoose.trusted({ $regex: `^${escapeRegExp(text.toUpperCase())}` }) },
      ],
    },
    { name: 1, uscc: 1, party: 1 },
  )
    .sort({ nameSortKey: 1 })
    .limit(11)
    .lean();
  return rows
    .filter((r) => String(r._id) !== excludeId)
    .slice(0, 10)
    .map((r) => ({ id: String(r._id), name: r.name, uscc: r.uscc, partyForm: r.party?.form ?? "none" }));
}
