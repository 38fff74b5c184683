/**
 * Registration applications (the entry gate): who may do what, the application form, and the
 * read models for the applicant's list, the regulators' queue and the case page.
 */
import { WorkflowCase } from "@models/workflow-case";
import { registrationMachine, type RegistrationEventType } from "@machines/registration.machine";
import type { SessionUser } from "~/auth/guards.server";
import { pinyinSortKey } from "~/domain/pinyin";
import { attachmentPanel, countActiveAttachments } from "~/attachments/attachments.server";
import { parseForm, type FieldErrors, type FormFields, type StepForm } from "~/forms/parse-form";
import type { PageParams } from "~/forms/page-params";
import { eventsHandledIn, machineEvents, type MachineDescription } from "~/workflow/describe";
import { casesChanged, createCase } from "~/workflow/engine.server";
import { actorOf, caseTrail, type IntentResult, loadCaseOr404, runIntent } from "~/workflow/intents.server";
import { revealPersonal } from "~/personal-data/personal-data.server";
import { completeApplicationSchema, draftApplicationSchema, EMPTY_APPLICATION, type ApplicationDraft } from "./application-form";
import { applicationFormValues, isApplicationPersonalField, maskApplication, openApplication, sealApplication } from "./application-personal.server";
import { APPLICANT_EVENTS, INTENT_FIELDS, OPEN_STATES, REGULATOR_EVENTS } from "./registration-intents";
import { REGISTRATION_KIND, registrationCases } from "./registration-workflow.server";
import { pageOf } from "~/forms/page-query.server";
import { byDueThenUpdated, byUpdatedNewest, caseList, type ListedCase } from "~/workflow/case-lists.server";
import { REGISTRATION_EDITABLE_STATES, REGISTRATION_SOCIAL_GROUP_ONLY_STATES } from "@machines/registration.machine";
import { isOneOf } from "~/domain/vocabulary";

/** The steps a case page may send: the machine's events (who may send which is checked per user). */
export const REGISTRATION_INTENTS = machineEvents(registrationMachine) as RegistrationEventType[];

function mayApply(user: SessionUser) {
  return user.role === "applicant" || user.role === "org";
}

function isReviewer(user: SessionUser) {
  return user.role === "regulator";
}

const isOwner = (user: SessionUser, c: { ownerUserId?: unknown }) => Boolean(c.ownerUserId) && String(c.ownerUserId) === user.id;

/** Loads a registration case the user may see: its owner and regulators. Others get 404. */
async function loadVisibleCase(user: SessionUser, caseId: string, pageSeq?: number) {
  const loaded = await loadCaseOr404(caseId, [REGISTRATION_KIND], (c) => isOwner(user, c) || isReviewer(user), pageSeq);
  return { ...loaded, owner: isOwner(user, loaded.workflowCase) };
}

function mayAct(user: SessionUser, owner: boolean, intent: RegistrationEventType): boolean {
  return (owner && APPLICANT_EVENTS.includes(intent)) || (isReviewer(user) && REGULATOR_EVENTS.includes(intent));
}

/** The application as drafted so far, every field present (a draft may still lack some). */
function applicationOf(workflowCase: { data?: unknown }): ApplicationDraft {
  return { ...EMPTY_APPLICATION, ...registrationCases.dataOf(workflowCase).application };
}

export type DraftResult = { ok: true; caseId: string } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function createApplication(user: SessionUser, fields: FormFields): Promise<DraftResult> {
  if (!mayApply(user)) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(draftApplicationSchema, fields);
  if (!form.ok) return form;
  const created = await createCase({
    kind: REGISTRATION_KIND,
    input: { orgType: form.data.orgType, proposedName: form.data.proposedName },
    title: form.data.proposedName,
    titleSortKey: pinyinSortKey(form.data.proposedName),
    ownerUserId: user.id,
    organizationId: null,
    data: { application: sealApplication(form.data) },
    actor: actorOf(user),
  });
  return { ok: true, caseId: String(created._id) };
}

export async function saveDraft(user: SessionUser, caseId: string, fields: FormFields): Promise<DraftResult> {
  const { workflowCase, owner } = await loadVisibleCase(user, caseId);
  if (!owner) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(draftApplicationSchema, fields);
  if (!form.ok) return form;
  if (!isOneOf(REGISTRATION_EDITABLE_STATES, workflowCase.state)) {
    return { ok: false, errors: { _form: "registration.notEditable" }, values: formValuesOf(form.data) };
  }
  // The type was fixed when the case was created (it decides the path); the title follows the name.
  const stored = applicationOf(workflowCase);
  const application = { ...sealApplication(form.data, stored), orgType: stored.orgType };
  await WorkflowCase.updateOne(
    { _id: workflowCase._id },
    { $set: { "data.application": application, title: application.proposedName, titleSortKey: pinyinSortKey(application.proposedName) } },
  );
  await casesChanged(REGISTRATION_KIND); // the lists show the title, type and district
  return { ok: true, caseId };
}

function formValuesOf(application: ApplicationDraft): Record<string, string> {
  return { ...application };
}

/** Runs one workflow step from a form: the intent is the machine's event; the server decides. */
export async function act(user: SessionUser, caseId: string, step: StepForm<RegistrationEventType>): Promise<IntentResult> {
  const { workflowCase, owner } = await loadVisibleCase(user, caseId, step.seq);
  return runIntent(user, caseId, step, (intent) => ({
    allowed: mayAct(user, owner, intent),
    schema: INTENT_FIELDS[intent as keyof typeof INTENT_FIELDS],
    payload: async (fields) => {
      if (intent === "RECORD_FOUNDING_MEETING") return { meetingDate: new Date(`${String(fields.meetingDate)}T00:00:00+08:00`).toISOString() };
      if (intent !== "SUBMIT" && intent !== "RESUBMIT") return fields;
      // Completeness is the server's finding, handed to the machine's applicationComplete guard.
      const complete = completeApplicationSchema.safeParse(openApplication(applicationOf(workflowCase)));
      const files = await countActiveAttachments({ caseKind: REGISTRATION_KIND, caseId }, "registrationFile");
      if (complete.success && files > 0) return { complete: true };
      const errors: FieldErrors = { _form: "workflow.guard.applicationComplete" };
      for (const issue of complete.success ? [] : complete.error.issues) errors[String(issue.path[0])] ??= issue.message as never;
      if (files === 0) errors.files = "registration.error.files";
      return { refuse: errors };
    },
  }));
}

export async function registrationCasePage(user: SessionUser, caseId: string, now = new Date()) {
  const { workflowCase, definition, snapshot, owner } = await loadVisibleCase(user, caseId);
  const context = registrationCases.contextOf(snapshot);
  const handled = eventsHandledIn(definition.machine, snapshot) as RegistrationEventType[];
  const mine = handled.filter((e) => mayAct(user, owner, e));
  const [trail, files] = await Promise.all([caseTrail(caseId, definition), attachmentPanel(user, { caseKind: REGISTRATION_KIND, caseId })]);
  // 民非 and 基金会 apply directly: their diagram leaves out the 社会团体's preparation steps.
  const diagram = context.orgType === "socialGroup" ? trail.diagram : withoutStates(trail.diagram, REGISTRATION_SOCIAL_GROUP_ONLY_STATES);
  return {
    id: caseId,
    seq: workflowCase.seq,
    state: workflowCase.state,
    owner,
    editable: owner && isOneOf(REGISTRATION_EDITABLE_STATES, workflowCase.state),
    // Personal data masked; the edit form's personal inputs start empty (ADR 016).
    application: maskApplication(applicationOf(workflowCase)),
    formValues: applicationFormValues(applicationOf(workflowCase)),
    uscc: registrationCases.dataOf(workflowCase).uscc ?? null,
    context,
    /** The case's clock: the founding meeting's deadline moved over a rest day (ADR 014), else the context's. */
    dueAt: workflowCase.dueAt ? workflowCase.dueAt.toISOString() : null,
    intents: mine,
    ...trail,
    diagram,
    files,
    now: now.toISOString(),
  };
}

/** Shows one personal value of the application whole, to its owner or a regulator, audited. */
export async function revealApplicationField(user: SessionUser, caseId: string, field: string): Promise<{ field: string; value: string }> {
  const { workflowCase } = await loadVisibleCase(user, caseId);
  if (!isApplicationPersonalField(field)) throw new Response("Bad Request", { status: 400 });
  const application = applicationOf(workflowCase);
  const value = await revealPersonal(user, { kind: REGISTRATION_KIND, id: caseId, label: workflowCase.title }, field, application[field]);
  return { field, value };
}

function withoutStates(diagram: MachineDescription, states: readonly string[]): MachineDescription {
  return {
    ...diagram,
    states: diagram.states.filter((s) => !states.includes(s.id)).map((s) => ({ ...s, edges: s.edges.filter((e) => !e.target || !states.includes(e.target)) })),
  };
}

function summary(c: { _id: unknown; title: string; state: string; dueAt?: Date | null; updatedAt?: Date; data?: unknown; snapshot?: unknown }) {
  const application = applicationOf(c);
  const context = c.snapshot ? registrationCases.contextOf(c.snapshot) : undefined;
  return {
    id: String(c._id),
    title: c.title,
    orgType: application.orgType,
    district: application.district,
    state: c.state,
    dueAt: c.dueAt ? c.dueAt.toISOString() : null,
    overdue: Boolean(context?.overdue),
    submittedAt: context?.submittedAt ?? null,
    updatedAt: c.updatedAt?.toISOString() ?? null,
  };
}
/** An application as the applicant's list and the regulators' queue show it. */
export type RegistrationSummary = ReturnType<typeof summary>;

// Only what `summary` shows: the copy lives as long as the process, and the application's
// personal fields (sealed) and the whole context need not.
const applications = caseList([REGISTRATION_KIND], {
  "data.application.orgType": 1,
  "data.application.district": 1,
  "snapshot.context.overdue": 1,
  "snapshot.context.submittedAt": 1,
});

export async function myApplications(user: SessionUser, pageParams: PageParams) {
  const mine = (await applications()).filter((c) => String(c.ownerUserId) === user.id).sort(byUpdatedNewest);
  const { total, rows } = pageOf(mine, pageParams);
  return { total, items: rows.map(summary) };
}

/** The regulators' queue: open applications, the earliest statutory deadline first. */
export async function reviewQueue(state: string, pageParams: PageParams) {
  const inQueue = (c: ListedCase) => (state ? c.state === state : isOneOf(OPEN_STATES, c.state));
  const { total, rows } = pageOf((await applications()).filter(inQueue).sort(byDueThenUpdated("oldest")), pageParams);
  return { total, items: rows.map(summary) };
}

