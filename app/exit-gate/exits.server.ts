/**
 * Exit cases (deregistration and revocation): starting them, the sweeper's revocation proposals,
 * and the final status, date and reason of an exited organization.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { activeAttachmentsById, attachmentPanel, countActiveAttachments, moveAttachments } from "~/attachments/attachments.server";
import type { SessionUser } from "~/auth/guards.server";
import { activeListsOf, withCreditLists } from "~/daily-gate/credit-lists.server";
import { ANNUAL_REPORT_KIND } from "~/daily-gate/annual-report-workflow.server";
import { deregistrationMachine } from "@machines/deregistration.machine";
import { REVOCATION_PERIODS, revocationMachine } from "@machines/revocation.machine";
import { longestConsecutiveRun, missedInspectionGrounds } from "~/domain/annual-report";
import { unpublishedYearFor } from "~/domain/periods";
import { pinyinSortKey } from "~/domain/pinyin";
import type { PageParams } from "~/forms/page-params";
import { versionedReadModel } from "~/read-model/versioned.server";
import { READ_MODEL as REGISTER_READ_MODEL } from "~/register/register-index.server";
import { parseForm, type FieldErrors, type FormFields, type StepForm } from "~/forms/parse-form";
import { eventsHandledIn, machineEvents } from "~/workflow/describe";
import { casesReadModel, createCase, createCases, SYSTEM_ACTOR } from "~/workflow/engine.server";
import { actorOf, caseTrail, type IntentResult, loadCaseOr404, runIntent } from "~/workflow/intents.server";
import { DEREGISTRATION_APPLICATION_KIND, exitAccess } from "./exit-attachments.server";
import { applyDeregistrationSchema, EXIT_INTENT_FIELDS, ORG_EXIT_EVENTS, startDeregistrationSchema, startRevocationSchema, SYSTEM_ONLY_EVENTS } from "./exit-forms";
import { DEREGISTRATION_KIND, deregistrationCases, REVOCATION_KIND, revocationCases } from "./exit-workflows.server";
import { pageOf } from "~/forms/page-query.server";
import { byDueThenUpdated, caseList } from "~/workflow/case-lists.server";
import { DEREGISTRATION_CLOSED_STATES } from "@machines/deregistration.machine";
import { isOneOf } from "~/domain/vocabulary";

/**
 * Two or more consecutive years of annual reports still unfiled after their deadline make an
 * organization a revocation candidate (不按照规定接受监督检查: 社会团体登记管理条例第三十条第一款第（三）项,
 * 民办非企业单位登记管理暂行条例第二十五条第一款第（三）项, 基金会管理条例第四十二条).
 */
export const MISSED_INSPECTIONS_FOR_REVOCATION = 2;

/**
 * Missed annual inspections (reports still unfiled after their deadline) per organization, as the
 * years missed, from an in-process copy that follows the annual reports' case token and the
 * register's: on the embedded database counting them scans every case, and the sweeper runs on a
 * timer (ADR 008). Following the register too means an organization that becomes active again
 * (a refused deregistration) is proposed at the next sweep, as its status decides whether it is a candidate.
 */
const missedInspections = versionedReadModel(
  [casesReadModel(ANNUAL_REPORT_KIND), REGISTER_READ_MODEL],
  async () => {
    // Gathered here rather than by $group: the embedded database runs a pipeline slower than the
    // same scan as a find (measured 6 s against 2 s over 4,000 cases).
    const overdue = (await WorkflowCase.find({ kind: ANNUAL_REPORT_KIND, state: "overdue" }, { organizationId: 1, "data.year": 1 }).lean()) as unknown as {
      organizationId?: unknown;
      data?: { year?: number };
    }[];
    const years = new Map<string, number[]>();
    for (const c of overdue) {
      if (!c.organizationId || typeof c.data?.year !== "number") continue;
      const id = String(c.organizationId);
      years.set(id, [...(years.get(id) ?? []), c.data.year]);
    }
    return years;
  },
  { recheckMs: 0 },
);
/** The copy the last completed proposal was made from: an unchanged copy proposes nothing new. */
let proposedFrom: Map<string, number[]> | null = null;

/**
 * Sweeper step: opens a proposed revocation case for every organization with two or more
 * consecutive years of missed annual inspections (once: the case key is per organization).
 */
export async function proposeRevocations(now = new Date()): Promise<number> {
  const missedYears = await missedInspections();
  if (missedYears === proposedFrom) return 0;
  const candidates = [...missedYears]
    .map(([id, years]) => ({ _id: new mongoose.Types.ObjectId(id), run: longestConsecutiveRun(years) }))
    .filter((c) => c.run.length >= MISSED_INSPECTIONS_FOR_REVOCATION);
  if (candidates.length === 0) {
    proposedFrom = missedYears;
    return 0;
  }
  const orgs = await Organization.find(
    { _id: mongoose.trusted({ $in: candidates.map((c) => c._id) }), status: "registered" },
    { name: 1 },
  ).lean();
  const runs = new Map(candidates.map((c) => [String(c._id), c.run]));
  const result = await createCases(
    REVOCATION_KIND,
    orgs.map((o) => ({
      caseKey: `revocation:missedInspections:${String(o._id)}`,
      input: { ground: "missedInspections", grounds: missedInspectionGrounds(runs.get(String(o._id))!), proposed: true },
      title: o.name,
      titleSortKey: pinyinSortKey(o.name),
      organizationId: String(o._id),
    })),
    { actor: SYSTEM_ACTOR, now },
  );
  proposedFrom = missedYears;
  return result.created;
}

// ---------------------------------------------------------------------------------------------
// Cases: start, act, read.

export type StartResult = { ok: true; caseId: string } | { ok: false; errors: FieldErrors; values: Record<string, string> };

async function organizationByUscc(user: SessionUser, uscc: string) {
  const organization = await Organization.findOne({ uscc }, { name: 1, type: 1, status: 1 }).lean();
  if (!organization) return null;
  if (user.role === "org" && user.organizationId !== String(organization._id)) return null;
  return organization;
}


/** The organization's deregistration cases, newest first (one scan; a handful of rows at most). */
async function deregistrationsOf(organizationId: string) {
  return WorkflowCase.find({ kind: DEREGISTRATION_KIND, organizationId: new mongoose.Types.ObjectId(organizationId) }, { state: 1, createdAt: 1 })
    .sort({ createdAt: -1 })
    .lean();
}

/**
 * Opens the organization's deregistration case, once. The natural case key counts the earlier
 * withdrawn applications (`deregistration:<org>:<n>`), so a double submit — or a regulator and
 * the organization at the same moment — creates one case, and a new application after a
 * withdrawal is still possible. An open case (whatever its key) is returned instead.
 */
async function openDeregistration(user: SessionUser, organization: { _id: unknown; name: string; type: string }, reason: string): Promise<string> {
  const organizationId = String(organization._id);
  const earlier = await deregistrationsOf(organizationId);
  const open = earlier.find((c) => !isOneOf(DEREGISTRATION_CLOSED_STATES, c.state));
  if (open) return String(open._id);
  const withdrawn = earlier.filter((c) => c.state === "withdrawn").length;
  const created = await createCase({
    kind: DEREGISTRATION_KIND,
    caseKey: `deregistration:${organizationId}:${withdrawn + 1}`,
    input: { orgType: organization.type, reason },
    title: organization.name,
    titleSortKey: pinyinSortKey(organization.name),
    organizationId,
    ownerUserId: user.role === "org" ? user.id : null,
    actor: actorOf(user),
  });
  return String(created._id);
}

/** A regulator starts a deregistration by credit code. One open case per organization. */
export async function startDeregistration(user: SessionUser, fields: FormFields): Promise<StartResult> {
  if (user.role !== "regulator" && user.role !== "org") throw new Response("Forbidden", { status: 403 });
  const form = parseForm(startDeregistrationSchema, fields);
  if (!form.ok) return form;
  const organization = await organizationByUscc(user, form.data.uscc);
  if (!organization) return { ok: false, errors: { uscc: "exitGate.error.unknownUscc" }, values: form.data };
  if (organization.status !== "registered") return { ok: false, errors: { uscc: "exitGate.error.notActive" }, values: form.data };
  return { ok: true, caseId: await openDeregistration(user, organization, form.data.reason) };
}

/** Where an organization's consent letters wait for its own application (see exit-attachments.server). */
const applicationLetters = (organizationId: string) => ({ caseKind: DEREGISTRATION_APPLICATION_KIND, caseId: organizationId });

/**
 * An organization's user applies for the deregistration of their own organization, with the
 * consent letters uploaded beforehand (their ids in the form): each must still be active, a
 * consent letter, and this organization's, waiting for the application (or already on its case,
 * moved there by a concurrent submit). Opening the case moves them onto it.
 */
export async function applyForDeregistration(user: SessionUser, fields: FormFields): Promise<StartResult> {
  if (user.role !== "org" || !user.organizationId) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(applyDeregistrationSchema, fields);
  if (!form.ok) return form;
  const values = { reason: form.data.reason, consentLetters: form.data.consentLetters.join(",") };
  const organization = await Organization.findById(user.organizationId, { name: 1, type: 1, status: 1 }).lean();
  if (!organization) throw new Response("Not Found", { status: 404 });
  if (organization.status !== "registered") return { ok: false, errors: { _form: "exitGate.error.notActive" }, values };
  const waiting = applicationLetters(user.organizationId);
  const letters = await activeAttachmentsById(form.data.consentLetters, "sponsorConsent");
  const usable = letters.filter(
    (l) => l.organizationId === user.organizationId && ((l.caseKind === waiting.caseKind && l.caseId === waiting.caseId) || l.caseKind === DEREGISTRATION_KIND),
  );
  if (usable.length !== form.data.consentLetters.length) return { ok: false, errors: { consentLetters: "exitGate.error.consentLetter" }, values };
  const caseId = await openDeregistration(user, organization, form.data.reason);
  await moveAttachments(form.data.consentLetters, waiting, { caseKind: DEREGISTRATION_KIND, caseId });
  return { ok: true, caseId };
}

/**
 * The organization's own deregistration page: its latest case (with progress and history), or
 * null when it has none and may apply.
 */
export async function ownDeregistration(user: SessionUser, now = new Date()) {
  if (user.role !== "org" || !user.organizationId) throw new Response("Forbidden", { status: 403 });
  const [latest] = await deregistrationsOf(user.organizationId);
  const organization = await Organization.findById(user.organizationId, { name: 1, uscc: 1, status: 1 }).lean();
  if (!organization) throw new Response("Not Found", { status: 404 });
  const mayApply = organization.status === "registered" && (!latest || latest.state === "withdrawn");
  return {
    organization: { name: organization.name, uscc: organization.uscc, status: organization.status },
    mayApply,
    /** The consent letters uploaded for the application, sent with it (the upload area while it may apply). */
    letters: mayApply ? await attachmentPanel(user, applicationLetters(user.organizationId)) : null,
    exit: latest && !mayApply ? await exitCasePage(user, String(latest._id), now) : null,
  };
}

export async function startRevocation(user: SessionUser, fields: FormFields): Promise<StartResult> {
  if (user.role !== "regulator") throw new Response("Forbidden", { status: 403 });
  const form = parseForm(startRevocationSchema, fields);
  if (!form.ok) return form;
  const organization = await organizationByUscc(user, form.data.uscc);
  if (!organization) return { ok: false, errors: { uscc: "exitGate.error.unknownUscc" }, values: form.data };
  const created = await createCase({
    kind: REVOCATION_KIND,
    input: { ground: form.data.ground, grounds: form.data.grounds },
    title: organization.name,
    titleSortKey: pinyinSortKey(organization.name),
    organizationId: String(organization._id),
    actor: actorOf(user),
  });
  return { ok: true, caseId: String(created._id) };
}


async function loadVisibleExit(user: SessionUser, caseId: string, pageSeq?: number) {
  return loadCaseOr404(caseId, [DEREGISTRATION_KIND, REVOCATION_KIND], (c) => exitAccess(user, c) === true, pageSeq);
}

function mayAct(user: SessionUser, intent: string) {
  if (SYSTEM_ONLY_EVENTS.includes(intent)) return false;
  if (user.role === "regulator") return true;
  return user.role === "org" && ORG_EXIT_EVENTS.includes(intent);
}

export type ExitActResult = IntentResult;

/** The steps an exit case page may send: both exit machines' events (who may send which is checked per user and state). */
export const EXIT_INTENTS = [...new Set([...machineEvents(deregistrationMachine), ...machineEvents(revocationMachine)])];

export async function actOnExit(user: SessionUser, caseId: string, step: StepForm): Promise<ExitActResult> {
  const { workflowCase, definition, snapshot } = await loadVisibleExit(user, caseId, step.seq);
  return runIntent(user, caseId, step, (intent) => ({
    allowed: mayAct(user, intent) && eventsHandledIn(definition.machine, snapshot).includes(intent),
    schema: EXIT_INTENT_FIELDS[intent as keyof typeof EXIT_INTENT_FIELDS],
    payload: async (fields) => {
      // Five working days (行政处罚法第八十五条) that reach an unpublished year cannot be counted.
      if (intent === "NOTIFY_HEARING_RIGHT" && unpublishedYearFor(new Date(), REVOCATION_PERIODS.hearingRequest) !== null) return { refuse: { _form: "rules.calendarNotPublished" } };
      if (intent === "SUBMIT_LIQUIDATION_REPORT") return { reportCount: await countActiveAttachments({ caseKind: workflowCase.kind, caseId }, "liquidationReport") };
      // An organization files its sponsoring unit's consent with the letter itself attached
      // (a regulator may record a consent received on paper).
      if (intent === "RECORD_SPONSOR_CONSENT" && user.role === "org" && (await countActiveAttachments({ caseKind: workflowCase.kind, caseId }, "sponsorConsent")) === 0) {
        return { refuse: { _form: "exitGate.error.consentFile" } };
      }
      return fields;
    },
  }));
}

export async function exitCasePage(user: SessionUser, caseId: string, now = new Date()) {
  const { workflowCase, definition, snapshot } = await loadVisibleExit(user, caseId);
  const handled = eventsHandledIn(definition.machine, snapshot);
  const organizationId = String(workflowCase.organizationId ?? "");
  const [trail, files, organization, lists] = await Promise.all([
    caseTrail(caseId, definition),
    attachmentPanel(user, { caseKind: workflowCase.kind, caseId }),
    Organization.findById(workflowCase.organizationId, { name: 1, uscc: 1, status: 1 }).lean(),
    activeListsOf([organizationId]),
  ]);
  return {
    id: caseId,
    kind: workflowCase.kind as "deregistration" | "revocation",
    seq: workflowCase.seq,
    state: workflowCase.state,
    title: workflowCase.title,
    organization: organization
      ? { id: String(organization._id), name: organization.name, uscc: organization.uscc, status: organization.status, creditLists: lists[organizationId] ?? [] }
      : null,
    context: (workflowCase.kind === DEREGISTRATION_KIND ? deregistrationCases : revocationCases).contextOf(snapshot),
    dueAt: workflowCase.dueAt ? workflowCase.dueAt.toISOString() : null,
    intents: handled.filter((e) => mayAct(user, e)),
    files,
    ...trail,
    now: now.toISOString(),
  };
}

const exitCaseList = caseList([DEREGISTRATION_KIND, REVOCATION_KIND], { "snapshot.context.proposed": 1 });

/** Exit cases for the regulators' page: open ones first by due date; proposals included. */
export async function exitCases(pageParams: PageParams) {
  const { total, rows } = pageOf([...(await exitCaseList())].sort(byDueThenUpdated("newest")), pageParams);
  const items = rows.map((r) => ({
    id: String(r._id),
    organizationId: r.organizationId ? String(r.organizationId) : null,
    kind: r.kind,
    title: r.title,
    state: r.state,
    proposed: !!r.snapshot?.context?.proposed,
    dueAt: r.dueAt ? r.dueAt.toISOString() : null,
    updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null,
  }));
  return { total, items: await withCreditLists(items, (c) => c.organizationId) };
}

/** The final status of an exited organization: kind, date and reason (for the register and directory). */
export async function exitOf(organizationId: string) {
  if (!mongoose.isValidObjectId(organizationId)) return null;
  const row = (await WorkflowCase.findOne(
    { organizationId: new mongoose.Types.ObjectId(organizationId), state: mongoose.trusted({ $in: ["deregistered", "revoked"] }) },
    { kind: 1, state: 1, "snapshot.context": 1, updatedAt: 1 },
  ).lean()) as unknown as { kind: string; state: string; updatedAt?: Date; snapshot?: { context?: Record<string, unknown> } } | null;
  if (!row) return null;
  const context = row.snapshot?.context ?? {};
  const reason = row.kind === DEREGISTRATION_KIND ? String(context.reason ?? "") : String((context.decision as { reason?: string } | null)?.reason ?? "");
  const at = row.kind === DEREGISTRATION_KIND ? String(context.decidedAt ?? "") : String((context.service as { at?: string } | null)?.at ?? "");
  return { status: row.state, at, reason };
}
