/**
 * Party-building rules (ADR 004), shared by forms, services and pages:
 *  - 3 or more full party members → a standalone party organization (单独建);
 *  - fewer → a joint one covering at most 5 units (联合建), or attachment to a named body (挂靠建);
 *  - none → an instructor is sent (党建指导员).
 * Coverage: 组织覆盖 = share with a party organization, 工作覆盖 = share with a party
 * organization or an instructor. Messages are dictionary keys.
 */
import type { MessageKey } from "~/i18n/i18n";
import type { PartyForm } from "./organization";

export const MIN_STANDALONE_MEMBERS = 3;
export const MAX_JOINT_UNITS = 5;
export const MAX_MEMBER_COUNT = 100_000;

export const VISIT_MODES = ["onSite", "remote"] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

/** Organizations that exist (not applying, deregistered or revoked) count towards coverage. */
export const COVERAGE_STATUSES = ["registered", "exiting"] as const;

export interface PartyFactsInput {
  form: PartyForm;
  memberCount: number;
  establishedAt: Date | null;
  jointPartnerIds: string[];
  attachedTo: string;
}

/** What the register says about a chosen partner. */
export interface PartnerFacts {
  id: string;
  form: PartyForm;
  jointPartnerIds: string[];
}

export interface PartyCheckContext {
  organizationId: string;
  /** The organization's joint partners before this save (empty unless it was joint). */
  previousPartnerIds: readonly string[];
  hasInstructor: boolean;
  /** The chosen partners as found in the register; an id missing here does not exist. */
  partners: readonly PartnerFacts[];
  now: Date;
}

export type PartyField = "form" | "memberCount" | "establishedAt" | "jointPartnerIds" | "attachedTo";

export interface PartyCheck {
  errors: Partial<Record<PartyField, MessageKey>>;
  warnings: MessageKey[];
}

/** Drops the facts that do not belong to the chosen form (e.g. partners of an attached one). */
export function normalizePartyFacts(input: PartyFactsInput): PartyFactsInput {
  const attachedTo = input.form === "attached" ? input.attachedTo.trim() : "";
  const jointPartnerIds = input.form === "joint" ? input.jointPartnerIds : [];
  const establishedAt = input.form === "none" ? null : input.establishedAt;
  return { ...input, attachedTo, jointPartnerIds, establishedAt };
}

/** Checks a party-facts save against the rules. Empty `errors` means it may be saved. */
export function checkPartyFacts(raw: PartyFactsInput, context: PartyCheckContext): PartyCheck {
  const input = normalizePartyFacts(raw);
  const errors: PartyCheck["errors"] = {};

  if (!Number.isSafeInteger(input.memberCount) || input.memberCount < 0 || input.memberCount > MAX_MEMBER_COUNT) {
    errors.memberCount = "party.rule.memberCount";
  } else if (input.form === "standalone" && input.memberCount < MIN_STANDALONE_MEMBERS) {
    errors.memberCount = "party.rule.standaloneMembers";
  }

  if (input.form !== "none") {
    if (!input.establishedAt) errors.establishedAt = "party.rule.establishedAtRequired";
    else if (input.establishedAt.getTime() > context.now.getTime()) errors.establishedAt = "party.rule.establishedInFuture";
  }

  if (input.form === "attached" && input.attachedTo === "") errors.attachedTo = "party.rule.attachedToRequired";

  if (input.form === "joint") {
    const partnerError = checkJointPartners(input.jointPartnerIds, context);
    if (partnerError) errors.jointPartnerIds = partnerError;
  }

  return { errors, warnings: partyWarnings(input, context.hasInstructor) };
}

/** Advice that does not block a save: send an instructor; 3+ members could build standalone. */
export function partyWarnings(facts: { form: PartyForm; memberCount: number }, hasInstructor: boolean): MessageKey[] {
  const warnings: MessageKey[] = [];
  if (facts.form === "none" && !hasInstructor) warnings.push("party.warn.needsInstructor");
  if (facts.form !== "standalone" && facts.memberCount >= MIN_STANDALONE_MEMBERS) warnings.push("party.warn.canStandalone");
  return warnings;
}

function checkJointPartners(partnerIds: readonly string[], context: PartyCheckContext): MessageKey | null {
  if (partnerIds.length === 0) return "party.rule.jointNeedsPartner";
  if (partnerIds.includes(context.organizationId)) return "party.rule.partnerSelf";
  if (new Set(partnerIds).size !== partnerIds.length) return "party.rule.partnerDuplicate";
  if (partnerIds.length + 1 > MAX_JOINT_UNITS) return "party.rule.jointTooMany";
  const previousGroup = new Set([context.organizationId, ...context.previousPartnerIds]);
  for (const id of partnerIds) {
    const partner = context.partners.find((p) => p.id === id);
    if (!partner) return "party.rule.partnerMissing";
    if (partner.form === "standalone" || partner.form === "attached") return "party.rule.partnerHasOwnParty";
    // A partner already in another joint organization must leave it there first; one in
    // this organization's own group is simply kept.
    if (partner.form === "joint" && partner.jointPartnerIds.some((other) => !previousGroup.has(other))) {
      return "party.rule.partnerInOtherGroup";
    }
  }
  return null;
}

export interface JointGroupUpdate {
  id: string;
  /** The unit's partners after the save; empty with `dissolve` when it is left alone. */
  jointPartnerIds: string[];
  /** True when the unit no longer has any partner, so its joint organization ends. */
  dissolve: boolean;
}

/**
 * A joint party organization is one group: every unit lists the others. When one unit's
 * partners change, its new partners join the group and those it dropped form what is left
 * of the old group (a single unit left alone has no joint organization any more).
 */
export function planJointGroupUpdates(organizationId: string, previousPartnerIds: readonly string[], next: PartyFactsInput): JointGroupUpdate[] {
  const nextGroup = next.form === "joint" ? [organizationId, ...next.jointPartnerIds] : [organizationId];
  const updates: JointGroupUpdate[] = [];
  for (const id of nextGroup) {
    if (id === organizationId) continue;
    updates.push({ id, jointPartnerIds: nextGroup.filter((other) => other !== id), dissolve: false });
  }
  const remaining = previousPartnerIds.filter((id) => !nextGroup.includes(id));
  for (const id of remaining) {
    const partners = remaining.filter((other) => other !== id);
    updates.push({ id, jointPartnerIds: partners, dissolve: partners.length === 0 });
  }
  return updates;
}

export function hasPartyOrganization(form: PartyForm | string | null | undefined): boolean {
  return Boolean(form) && form !== "none";
}

/** part / total in [0, 1]; 0 for an empty population (never NaN). */
export function share(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

/** Counts for one district × type cell of the register. */
export interface CoverageCell {
  district: string;
  type: string;
  total: number;
  withParty: number;
  /** No party organization, but an instructor is assigned. */
  instructorOnly: number;
}

export interface CoverageFigure {
  total: number;
  withParty: number;
  withPartyOrInstructor: number;
  organizationCoverage: number;
  workCoverage: number;
}

export function coverageOf(cells: readonly CoverageCell[]): CoverageFigure {
  let total = 0;
  let withParty = 0;
  let instructorOnly = 0;
  for (const cell of cells) {
    total += cell.total;
    withParty += cell.withParty;
    instructorOnly += cell.instructorOnly;
  }
  const withPartyOrInstructor = withParty + instructorOnly;
  return {
    total,
    withParty,
    withPartyOrInstructor,
    organizationCoverage: share(withParty, total),
    workCoverage: share(withPartyOrInstructor, total),
  };
}

export interface CoverageReport {
  overall: CoverageFigure;
  byDistrict: (CoverageFigure & { district: string })[];
  byType: (CoverageFigure & { type: string })[];
}

/** Overall, per district and per type figures from the cells, in the given orders. */
export function coverageReport(cells: readonly CoverageCell[], districts: readonly string[], types: readonly string[]): CoverageReport {
  return {
    overall: coverageOf(cells),
    byDistrict: districts.map((district) => ({ district, ...coverageOf(cells.filter((c) => c.district === district)) })),
    byType: types.map((type) => ({ type, ...coverageOf(cells.filter((c) => c.type === type)) })),
  };
}
