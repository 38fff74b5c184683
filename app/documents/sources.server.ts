/**
 * Where each document's facts come from: a workflow step (the case, its logged transition and the
 * organization as registered now) or a credit listing. The same builder serves the effect that
 * issues a document after the step and a correction issued later, so both say the same things.
 *
 * Workflow definitions call `issueOnStep(kind)` for their effects: the handler is idempotent,
 * keyed on the transition (case id, seq, kind). Batch versions record without rendering.
 */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import { CreditListing } from "@models/credit-listing";
import { Disbursement } from "@models/disbursement";
import { OfficialDocument } from "@models/official-document";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowTransition } from "@models/workflow-transition";
import type { AnnualReportContext } from "@machines/annual-report.machine";
import type { EntryContext } from "@machines/competition-entry.machine";
import type { CompetitionContext } from "@machines/competition.machine";
import type { DeregistrationContext } from "@machines/deregistration.machine";
import type { RegistrationContext } from "@machines/registration.machine";
import type { RevocationContext } from "@machines/revocation.machine";
import { budgetLinesOf } from "~/competition/applications/application-form";
import { entryCases } from "~/competition/case-shapes";
import { trancheAmountFen } from "~/domain/competition";
import { LISTING_BASIS, removalBasis, type CreditList, type ListingReason, type RemovalKind } from "~/domain/credit";
import type { OrganizationType } from "~/domain/organization";
import { parseYuanToFen } from "~/i18n/format";
import { translator } from "~/i18n/i18n";
import type { ApplicationDraft } from "~/registration/application-form";
import { transitionId, type EffectArgs } from "~/workflow/engine.server";
import { issueDocument, recordDocuments, type IssueSpec } from "./documents.server";
import type { DocumentKind } from "~/domain/document-kinds";
import { CERTIFICATE_VALIDITY_YEARS, type DocumentFacts, type OrganizationFacts } from "./templates";

type CaseRow = { _id: mongoose.Types.ObjectId; kind: string; title: string; organizationId?: mongoose.Types.ObjectId | null; ownerUserId?: mongoose.Types.ObjectId | null; data?: unknown };
type TransitionRow = { seq: number; event: string; from: string; to: string; payload?: unknown; snapshot: unknown; at: Date; actor: { name: string } };

const zh = translator("zh-CN");

interface Step {
  workflowCase: CaseRow;
  transition: TransitionRow;
  organization: OrganizationFacts | null;
}

type OrganizationRow = { _id: mongoose.Types.ObjectId; name: string; uscc: string; type: string; legalRepresentative: string; domicile: string; businessScope?: string | null; registeredCapitalFen: number; sponsoringUnit?: string | null };
const ORGANIZATION_FIELDS = { name: 1, uscc: 1, type: 1, legalRepresentative: 1, domicile: 1, businessScope: 1, registeredCapitalFen: 1, sponsoringUnit: 1 } as const;

function organizationFacts(o: OrganizationRow): OrganizationFacts {
  return {
    name: o.name,
    uscc: o.uscc,
    type: o.type as OrganizationType,
    legalRepresentative: o.legalRepresentative,
    domicile: o.domicile,
    businessScope: o.businessScope ?? "",
    registeredCapitalFen: o.registeredCapitalFen,
    sponsoringUnit: o.sponsoringUnit ?? "",
  };
}

/** An application not yet registered, as its form says. */
function applicantFacts(application: ApplicationDraft): OrganizationFacts {
  return {
    name: application.proposedName,
    uscc: "",
    type: application.orgType,
    legalRepresentative: application.legalRepresentative,
    domicile: application.domicile,
    businessScope: application.businessScope,
    registeredCapitalFen: parseYuanToFen(application.registeredCapital ?? "") ?? 0,
    sponsoringUnit: application.sponsoringUnit,
  };
}

/** The case as stored now (an earlier effect of the same step may have registered the organization), and the step. */
async function loadStep(caseId: string, seq: number): Promise<Step> {
  const [workflowCase, transition] = await Promise.all([
    WorkflowCase.findById(caseId, { kind: 1, title: 1, organizationId: 1, ownerUserId: 1, data: 1 }).lean() as Promise<CaseRow | null>,
    WorkflowTransition.findById(transitionId(caseId, seq)).lean() as Promise<TransitionRow | null>,
  ]);
  if (!workflowCase || !transition) throw new Error(`no step ${seq} of case ${caseId}`);
  const organization = workflowCase.organizationId ? ((await Organization.findById(workflowCase.organizationId, ORGANIZATION_FIELDS).lean()) as OrganizationRow | null) : null;
  return { workflowCase, transition, organization: organization ? organizationFacts(organization) : null };
}

const contextAfter = <T>(transition: TransitionRow) => (transition.snapshot as { context: T }).context;
const payloadOf = (transition: TransitionRow) => (transition.payload ?? {}) as Record<string, unknown>;
const at = (transition: TransitionRow) => transition.at.toISOString();

function requireOrganization(step: Step): OrganizationFacts {
  if (!step.organization) throw new Error(`case ${String(step.workflowCase._id)} has no registered organization yet`);
  return step.organization;
}

function registrationOrganization(step: Step): OrganizationFacts {
  return step.organization ?? applicantFacts((step.workflowCase.data as { application: ApplicationDraft }).application);
}

function addYears(iso: string, years: number): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return new Date(date.getTime() - 86_400_000).toISOString(); // the day before the anniversary
}

/** The facts of each kind issued by a workflow step. Async where the step's facts live elsewhere too. */
const STEP_FACTS: Partial<Record<DocumentKind, (step: Step) => Promise<DocumentFacts> | DocumentFacts>> = {
  acceptanceNotice: ({ transition, ...step }) => {
    const context = contextAfter<RegistrationContext>(transition);
    return { kind: "acceptanceNotice", at: at(transition), organization: registrationOrganization({ transition, ...step }), phase: context.phase, submittedAt: context.submittedAt, dueAt: context.dueAt };
  },
  correctionNotice: ({ transition, ...step }) => ({ kind: "correctionNotice", at: at(transition), organization: registrationOrganization({ transition, ...step }), items: String(payloadOf(transition).items ?? "") }),
  denialDecision: ({ transition, ...step }) => ({
    kind: "denialDecision",
    at: at(transition),
    organization: registrationOrganization({ transition, ...step }),
    phase: transition.from === "preparationReview" ? "preparation" : "registration",
    reason: String(payloadOf(transition).reason ?? ""),
  }),
  registrationDecision: (step) => ({ kind: "registrationDecision", at: at(step.transition), organization: requireOrganization(step) }),
  registrationCertificate: (step) => ({ kind: "registrationCertificate", at: at(step.transition), organization: requireOrganization(step), validUntil: addYears(at(step.transition), CERTIFICATE_VALIDITY_YEARS) }),
  inspectionConclusion: (step) => {
    const context = contextAfter<AnnualReportContext>(step.transition);
    return { kind: "inspectionConclusion", at: at(step.transition), organization: requireOrganization(step), year: context.year, result: context.result!, note: context.conclusionNote };
  },
  rectificationNotice: (step) => {
    const context = contextAfter<AnnualReportContext>(step.transition);
    return { kind: "rectificationNotice", at: at(step.transition), organization: requireOrganization(step), year: context.year, items: context.rectification?.items ?? "", deadline: context.rectification?.deadline ?? at(step.transition) };
  },
  deregistrationCertificate: (step) => {
    const context = contextAfter<DeregistrationContext>(step.transition);
    return { kind: "deregistrationCertificate", at: at(step.transition), organization: requireOrganization(step), reason: context.reason.replace(/[。.]$/, ""), noticeStartedAt: context.noticeStartedAt, assetsHandedTo: context.assetsHandedTo };
  },
  hearingNotice: (step) => ({ kind: "hearingNotice", ...revocationCase(step), requestBy: contextAfter<RevocationContext>(step.transition).dueAt ?? at(step.transition) }),
  revocationDecision: (step) => {
    const context = contextAfter<RevocationContext>(step.transition);
    return { kind: "revocationDecision", ...revocationCase(step), reason: context.decision?.reason ?? "", noticeAt: context.noticeAt, hearingHeld: context.hearing !== null };
  },
  publicAnnouncement: async (step) => {
    const context = contextAfter<CompetitionContext>(step.transition);
    const { loadCompetition, scoreAndPlan } = await import("~/competition/ranking/ranking.server");
    const competition = await loadCompetition(String(step.workflowCase._id));
    if (!competition) throw new Error(`no competition ${String(step.workflowCase._id)}`);
    const { plan, entries } = await scoreAndPlan(competition);
    const funded = plan.lines.filter((line) => line.awardFen > 0);
    const entryById = new Map(entries.map((e) => [e.id, e]));
    const names = await organizationNames(funded.map((line) => entryById.get(line.entryId)?.organizationId ?? ""));
    return {
      kind: "publicAnnouncement",
      at: at(step.transition),
      competition: { title: competition.title, year: competition.year, theme: competition.theme ?? "" },
      endsAt: context.announcementEndsAt ?? at(step.transition),
      workingDays: context.announcementWorkingDays,
      lines: funded.map((line, index) => {
        const entry = entryById.get(line.entryId);
        return { rank: index + 1, organizationName: names.get(entry?.organizationId ?? "") ?? "", projectTitle: entry?.title ?? "", awardFen: line.awardFen };
      }),
    };
  },
  fundingAgreement: async (step) => {
    const { competition, application, context, project } = await entryParts(step);
    const awardFen = context.decision?.awardFen ?? 0;
    const percents = competition.tranchePlan.map((t) => t.percent);
    return {
      kind: "fundingAgreement",
      ...project,
      category: application.category ? zh(`competition.category.${application.category}` as never) : "",
      awardFen,
      tranches: competition.tranchePlan.map((t, index) => ({ percent: t.percent, trigger: t.trigger, amountFen: trancheAmountFen(awardFen, percents, index) })),
      budget: budgetLinesOf(application).lines.map((line) => ({ item: line.item, amountFen: line.amountFen })),
    };
  },
  disbursementNotice: async (step) => {
    const { competition, context, project } = await entryParts(step);
    const trancheIndex = Number(payloadOf(step.transition).trancheIndex);
    const paid = await Disbursement.find({ entryId: step.workflowCase._id }, { trancheIndex: 1, amountFen: 1, paidOn: 1, voucherNumber: 1 }).lean();
    const tranche = paid.find((d) => d.trancheIndex === trancheIndex);
    if (!tranche) throw new Error(`tranche ${trancheIndex} of entry ${String(step.workflowCase._id)} is not recorded yet`);
    return {
      kind: "disbursementNotice",
      ...project,
      trancheNumber: trancheIndex + 1,
      trancheCount: competition.tranchePlan.length,
      amountFen: tranche.amountFen,
      awardFen: context.decision?.awardFen ?? 0,
      paidToDateFen: paid.filter((d) => d.trancheIndex <= trancheIndex).reduce((sum, d) => sum + d.amountFen, 0),
      paidOn: tranche.paidOn.toISOString(),
      voucherNumber: tranche.voucherNumber,
    };
  },
};

/** What a revocation's hearing notice and decision both state: the grounds, the evidence, the article they rest on. */
function revocationCase(step: Step) {
  const context = contextAfter<RevocationContext>(step.transition);
  return {
    at: at(step.transition),
    organization: requireOrganization(step),
    grounds: context.grounds,
    evidence: context.evidence.map((e) => e.text.replace(/[。.]$/, "")),
    refusedSupervision: context.ground === "missedInspections",
  };
}

async function entryParts(step: Step) {
  const data = entryCases.dataOf(step.workflowCase);
  const competition = await Competition.findById(data.competitionId, { title: 1, year: 1, theme: 1, tranchePlan: 1 }).lean();
  if (!competition) throw new Error(`no competition ${data.competitionId}`);
  return {
    competition,
    application: data.application ?? {},
    context: contextAfter<EntryContext>(step.transition),
    /** What every document of an awarded project names: the competition, the organization, the project. */
    project: {
      at: at(step.transition),
      competition: { title: competition.title, year: competition.year, theme: competition.theme ?? "" },
      organization: requireOrganization(step),
      projectTitle: step.workflowCase.title,
    },
  };
}

async function organizationNames(ids: string[]): Promise<Map<string, string>> {
  const valid = [...new Set(ids.filter((id) => mongoose.isValidObjectId(id)))];
  if (valid.length === 0) return new Map();
  const rows = await Organization.find({ _id: mongoose.trusted({ $in: valid.map((id) => new mongoose.Types.ObjectId(id)) }) }, { name: 1 }).lean();
  return new Map(rows.map((r) => [String(r._id), r.name]));
}

/** The issue spec of a workflow step's document (facts built now from the stored case and step). */
async function stepSpec(kind: DocumentKind, caseId: string, seq: number): Promise<IssueSpec> {
  const build = STEP_FACTS[kind];
  if (!build) throw new Error(`documents of kind ${kind} are not issued by a workflow step`);
  const step = await loadStep(caseId, seq);
  const facts = await build(step);
  const organization = "organization" in facts ? facts.organization : null;
  return {
    issueKey: `${caseId}:${seq}:${kind}`,
    facts,
    issuedAt: step.transition.at,
    issuedBy: step.transition.actor.name,
    organizationId: step.workflowCase.organizationId ? String(step.workflowCase.organizationId) : null,
    organizationName: organization?.name ?? "",
    uscc: organization?.uscc ?? "",
    ownerUserId: step.workflowCase.ownerUserId ? String(step.workflowCase.ownerUserId) : null,
    caseKind: step.workflowCase.kind,
    caseId,
    caseSeq: seq,
  };
}

/**
 * A workflow effect that issues the step's document; replaying it issues nothing more. A person's
 * step renders the PDF at once; the system's steps (the sweeper, one step carrying many cases
 * along, e.g. awarding a competition's entries) record it and leave the PDF to the sweeper or the
 * first download, so a cascade over many cases stays quick.
 */
export function issueOnStep(kind: DocumentKind) {
  return async ({ caseId, seq, transition }: EffectArgs): Promise<void> => {
    const spec = await stepSpec(kind, caseId, seq);
    const [issued] = transition.actor.role === "system" ? await recordDocuments([spec]) : [await issueDocument(spec)];
    if (!issued) return;
    // Registered: what its application received (acceptance, corrections) is the organization's too.
    if (kind === "registrationDecision" && issued.organizationId) {
      await OfficialDocument.updateMany(
        { caseId: new mongoose.Types.ObjectId(caseId), organizationId: null },
        { $set: { organizationId: issued.organizationId, organizationName: issued.organizationName, uscc: issued.uscc } },
      );
    }
  };
}

/** The batch version for bulk steps: records every case's document at once, leaving the PDFs to the sweeper. */
export function recordOnSteps(kind: DocumentKind) {
  return async (args: EffectArgs[]): Promise<void> => {
    const specs: IssueSpec[] = [];
    for (const { caseId, seq } of args) specs.push(await stepSpec(kind, caseId, seq));
    await recordDocuments(specs);
  };
}

// ---------------------------------------------------------------------------------------------
// Credit listings (not workflow cases): one document per listing and one per removal.

type ListingRow = {
  _id: mongoose.Types.ObjectId;
  listingKey: string;
  organizationId: mongoose.Types.ObjectId;
  list: CreditList;
  reason: ListingReason;
  basis?: string | null;
  detail?: string | null;
  year?: number | null;
  decidedAt: Date;
  decidedBy: string;
  /** A promotion's abnormal listings. */
  sourceListingIds?: mongoose.Types.ObjectId[] | null;
  removedAt?: Date | null;
  removal?: { kind?: RemovalKind | null; verifiedBy?: string | null; note?: string | null; basis?: string | null } | null;
};

/** What a promotion's decision states of the abnormal listings it ends: when their two years began, and their grounds. */
async function promotionSources(rows: ListingRow[]): Promise<Map<string, { listedAt: string; reasons: ListingReason[] }>> {
  const out = new Map<string, { listedAt: string; reasons: ListingReason[] }>();
  const promotions = rows.filter((r) => r.reason === "abnormalForTwoYears" && r.sourceListingIds?.length);
  if (promotions.length === 0) return out;
  const sourceIds = promotions.flatMap((r) => r.sourceListingIds!);
  const sources = await CreditListing.find({ _id: mongoose.trusted({ $in: sourceIds }) }, { reason: 1, decidedAt: 1, clockFrom: 1 }).lean();
  const byId = new Map(sources.map((s) => [String(s._id), s]));
  for (const row of promotions) {
    const found = row.sourceListingIds!.map((id) => byId.get(String(id))).filter((s) => s !== undefined);
    if (found.length === 0) continue;
    // The two years ran from the latest (re)start among them (第十二条), as the sweeper counted.
    const start = found.map((s) => s.clockFrom ?? s.decidedAt).reduce((a, b) => (b > a ? b : a));
    out.set(String(row._id), { listedAt: start.toISOString(), reasons: [...new Set(found.map((s) => s.reason))] });
  }
  return out;
}

/**
 * The documents' specs of listings (a listing's decision) or of their endings (a removal's),
 * citing the article the listing stores. A promotion's ending has no document of its own: the
 * serious listing's decision records the move.
 */
async function listingSpecs(rows: ListingRow[], action: "listing" | "removal"): Promise<IssueSpec[]> {
  const organizations = new Map<string, OrganizationRow>();
  const ids = [...new Set(rows.map((r) => String(r.organizationId)))];
  if (ids.length) {
    const found = (await Organization.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }, ORGANIZATION_FIELDS).lean()) as OrganizationRow[];
    for (const o of found) organizations.set(String(o._id), o);
  }
  const promotedFrom = action === "listing" ? await promotionSources(rows) : new Map<string, never>();
  const specs: IssueSpec[] = [];
  for (const row of rows) {
    const organization = organizations.get(String(row.organizationId));
    if (!organization) continue;
    const facts = organizationFacts(organization);
    const common = { organizationId: String(row.organizationId), organizationName: facts.name, uscc: facts.uscc, listingId: String(row._id) };
    if (action === "listing") {
      specs.push({
        ...common,
        issueKey: `listing:${row.listingKey}`,
        issuedAt: row.decidedAt,
        issuedBy: row.decidedBy,
        facts: {
          kind: row.list === "abnormal" ? "abnormalListing" : "seriousListing",
          at: row.decidedAt.toISOString(),
          organization: facts,
          reason: row.reason,
          detail: row.detail ?? "",
          year: row.year ?? null,
          basis: row.basis || LISTING_BASIS[row.reason],
          promotedFrom: promotedFrom.get(String(row._id)) ?? null,
        },
      });
    } else if (row.removedAt && row.removal?.kind !== "promoted") {
      specs.push({
        ...common,
        issueKey: `removal:${row.listingKey}`,
        issuedAt: row.removedAt,
        issuedBy: row.removal?.verifiedBy ?? "",
        facts: {
          kind: row.list === "abnormal" ? "abnormalRemoval" : "seriousRemoval",
          at: row.removedAt.toISOString(),
          organization: facts,
          reason: row.reason,
          listedAt: row.decidedAt.toISOString(),
          note: (row.removal?.note ?? "").trim() || "该单位已履行相关义务。",
          basis: row.removal?.basis || removalBasis(row.list, row.removal?.kind ?? "verified"),
        },
      });
    }
  }
  return specs;
}

/**
 * The documents of credit listings just inserted or ended (by listing id): recorded in one go
 * (a campaign's deadline lists thousands at once); one listing's document is rendered at once
 * unless `render` is false (the system's own decisions: the sweeper's render step follows).
 */
export async function issueListingDocuments(listingIds: mongoose.Types.ObjectId[], action: "listing" | "removal", render = true): Promise<void> {
  if (listingIds.length === 0) return;
  const rows = (await CreditListing.find({ _id: mongoose.trusted({ $in: listingIds }) }).lean()) as ListingRow[];
  const specs = await listingSpecs(rows, action);
  if (specs.length === 1 && render) await issueDocument(specs[0]!);
  else await recordDocuments(specs);
}

/**
 * By listing key, for listings whose ids the caller does not know (rows an insert found existing):
 * recorded, rendered by the sweeper or the first download.
 */
export async function issueListingDocumentsByKey(listingKeys: string[]): Promise<void> {
  if (listingKeys.length === 0) return;
  const rows = await CreditListing.find({ listingKey: mongoose.trusted({ $in: listingKeys }) }, { _id: 1 }).lean();
  await issueListingDocuments(rows.map((r) => r._id), "listing", false);
}

/** The facts a correction re-issues from: the same decision, read again now. */
export async function factsForCorrection(doc: { kind: string; caseId?: mongoose.Types.ObjectId | null; caseSeq?: number | null; listingId?: mongoose.Types.ObjectId | null }): Promise<DocumentFacts> {
  const kind = doc.kind as DocumentKind;
  if (doc.listingId) {
    const rows = (await CreditListing.find({ _id: doc.listingId }).lean()) as ListingRow[];
    const [spec] = await listingSpecs(rows, kind.endsWith("Removal") ? "removal" : "listing");
    if (!spec) throw new Error(`listing ${String(doc.listingId)} is gone`);
    return spec.facts;
  }
  if (!doc.caseId || doc.caseSeq === null || doc.caseSeq === undefined) throw new Error("a document without a source cannot be corrected");
  return (await stepSpec(kind, String(doc.caseId), doc.caseSeq)).facts;
}

/**
 * Certificates for organizations registered before the platform issued documents (the demo's
 * register; an imported register): one per organization, dated and numbered by its registration,
 * recorded in bulk and rendered when first needed.
 */
export async function recordRegisterCertificates(organizationIds: string[], issuedBy: string): Promise<number> {
  const rows = (await Organization.find(
    { _id: mongoose.trusted({ $in: organizationIds.map((id) => new mongoose.Types.ObjectId(id)) }) },
    { ...ORGANIZATION_FIELDS, establishedAt: 1 },
  ).lean()) as (OrganizationRow & { establishedAt: Date })[];
  const specs: IssueSpec[] = rows.map((o) => {
    const facts = organizationFacts(o);
    return {
      issueKey: `register-certificate:${String(o._id)}`,
      facts: { kind: "registrationCertificate", at: o.establishedAt.toISOString(), organization: facts, validUntil: addYears(o.establishedAt.toISOString(), CERTIFICATE_VALIDITY_YEARS) },
      issuedAt: o.establishedAt,
      issuedBy,
      organizationId: String(o._id),
      organizationName: facts.name,
      uscc: facts.uscc,
    };
  });
  return (await recordDocuments(specs)).length;
}
