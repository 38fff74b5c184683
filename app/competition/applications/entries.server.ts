/**
 * The organization's side of a competition: open competitions, drafting an entry, submitting it
 * (which runs the automatic screening), and who may see an entry.
 */
import mongoose from "mongoose";
import { Attachment } from "@models/attachment";
import { attachmentPanel } from "~/attachments/attachments.server";
import { Competition } from "@models/competition";
import { WorkflowCase } from "@models/workflow-case";
import type { CompetitionEvent } from "@machines/competition.machine";
import type { SessionUser } from "~/auth/guards.server";
import { pinyinSortKey } from "~/domain/pinyin";
import { parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import { casesChanged, createCase, loadCase, sendEvent, WorkflowError } from "~/workflow/engine.server";
import { actorOf } from "~/workflow/intents.server";
import { applicationProblems, budgetLinesOf, draftEntrySchema, EMPTY_ENTRY, requestedFenOf, type EntryApplication } from "./application-form";
import { COMPETITION_KIND, ENTRY_KIND } from "~/domain/competition";
import { screenEntry } from "../effects.server";
import { claimEntryNumber } from "./entry-number.server";
import { loadCompetition, type CompetitionRecord } from "../ranking/ranking.server";
import { activeListsOf } from "~/daily-gate/credit-lists.server";
import { ENTRY_EDITABLE_STATES } from "@machines/competition-entry.machine";
import { isOneOf } from "~/domain/vocabulary";
import { entryCases } from "../case-shapes";

export async function competitionState(competitionId: string): Promise<string | null> {
  const row = await WorkflowCase.findById(competitionId, { state: 1, kind: 1 }).lean();
  return row?.kind === COMPETITION_KIND ? row.state : null;
}

/** The window is open: the competition is in "open" and now is inside its dates. */
export async function windowOpen(competition: CompetitionRecord, now = new Date()): Promise<boolean> {
  return (await competitionState(String(competition._id))) === "open" && now >= competition.opensAt && now < competition.closesAt;
}

export function settingsFacts(competition: CompetitionRecord): Extract<CompetitionEvent, { type: "OPEN" }>["settings"] {
  return {
    criteria: competition.rubric.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, maxPoints: c.maxPoints })),
    tranchePlan: competition.tranchePlan.map((t) => ({ percent: t.percent, trigger: t.trigger as "signing" })),
    totalBudgetFen: competition.totalBudgetFen,
    perProjectCapFen: competition.perProjectCapFen,
    opensAt: competition.opensAt.toISOString(),
    closesAt: competition.closesAt.toISOString(),
    announcementWorkingDays: competition.announcementWorkingDays,
  };
}

/** Competitions an organization may look at (not drafts), newest first, with its own entries. */
export async function organizationCompetitions(user: SessionUser) {
  if (user.role !== "org" || !user.organizationId) throw new Response("Forbidden", { status: 403 });
  const cases = await WorkflowCase.find({ kind: COMPETITION_KIND, state: mongoose.trusted({ $ne: "draft" }) }, { state: 1 }).lean();
  const stateById = new Map(cases.map((c) => [String(c._id), c.state]));
  const competitions = await Competition.find({ _id: mongoose.trusted({ $in: cases.map((c) => c._id) }) }, { title: 1, year: 1, theme: 1, opensAt: 1, closesAt: 1, perProjectCapFen: 1 })
    .sort({ year: -1 })
    .lean();
  const entries = await WorkflowCase.find({ kind: ENTRY_KIND, organizationId: new mongoose.Types.ObjectId(user.organizationId) }, { title: 1, state: 1, data: 1 }).lean();
  return competitions.map((c) => ({
    id: String(c._id),
    title: c.title,
    year: c.year,
    theme: c.theme,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    capFen: c.perProjectCapFen,
    state: stateById.get(String(c._id)) ?? "",
    entries: entries
      .filter((e) => entryCases.dataOf(e).competitionId === String(c._id))
      .map((e) => ({ id: String(e._id), title: e.title, state: e.state })),
  }));
}

export async function startEntry(user: SessionUser, competitionId: string, now = new Date()): Promise<{ ok: true; entryId: string } | { ok: false; error: "competition.error.notOpen" | "competition.error.tooManyEntries" }> {
  if (user.role !== "org" || !user.organizationId) throw new Response("Forbidden", { status: 403 });
  const competition = await loadCompetition(competitionId);
  if (!competition) throw new Response("Not Found", { status: 404 });
  if (!(await windowOpen(competition, now))) return { ok: false, error: "competition.error.notOpen" };
  const mine = await WorkflowCase.countDocuments({
    kind: ENTRY_KIND,
    organizationId: new mongoose.Types.ObjectId(user.organizationId),
    "data.competitionId": competitionId,
    state: mongoose.trusted({ $ne: "withdrawn" }),
  });
  if (mine >= competition.maxEntriesPerOrganization) return { ok: false, error: "competition.error.tooManyEntries" };
  const caseKey = `${ENTRY_KIND}:${competitionId}:${user.organizationId}:${mine + 1}`;
  const created = await createCase({
    kind: ENTRY_KIND,
    caseKey,
    input: { competitionId, trancheTriggers: competition.tranchePlan.map((t) => t.trigger) },
    title: "未命名项目",
    titleSortKey: pinyinSortKey("未命名项目"),
    organizationId: user.organizationId,
    ownerUserId: user.id,
    data: { competitionId, entryNumber: await claimEntryNumber(competitionId, competition.year), application: { ...EMPTY_ENTRY }, requestedFen: 0 },
    actor: actorOf(user),
    now,
  });
  return { ok: true, entryId: String(created._id) };
}

export type EntryViewer = "owner" | "regulator" | "judge";

/** Loads an entry the user may see: its organization, regulators and admins. Others get 404. */
export async function loadVisibleEntry(user: SessionUser, entryId: string) {
  const loaded = await loadCase(entryId).catch((error: unknown) => {
    if (error instanceof WorkflowError && error.code === "notFound") throw new Response("Not Found", { status: 404 });
    throw error;
  });
  const { workflowCase } = loaded;
  if (workflowCase.kind !== ENTRY_KIND) throw new Response("Not Found", { status: 404 });
  const owner = user.role === "org" && user.organizationId !== null && String(workflowCase.organizationId) === user.organizationId;
  if (!owner && user.role !== "regulator") throw new Response("Not Found", { status: 404 });
  const data = entryCases.dataOf(workflowCase);
  const competition = await loadCompetition(data.competitionId);
  if (!competition) throw new Response("Not Found", { status: 404 });
  return { ...loaded, owner, data, competition, context: entryCases.contextOf(loaded.snapshot) };
}

async function attachedUses(entryId: string) {
  const files = await Attachment.find({ caseKind: ENTRY_KIND, caseId: entryId, status: "active" }, { use: 1 }).lean();
  return { proposal: files.some((f) => f.use === "proposal"), budget: files.some((f) => f.use === "budget") };
}

export type SaveResult = { ok: true } | { ok: false; status: number; errors: FieldErrors; values: Record<string, string> };

/** Saves the form as a draft (incomplete is fine); with `submit`, then checks everything and submits. */
export async function saveEntry(user: SessionUser, entryId: string, fields: FormFields, submit: boolean, now = new Date()): Promise<SaveResult> {
  const { workflowCase, owner, competition } = await loadVisibleEntry(user, entryId);
  if (!owner) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(draftEntrySchema, fields);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors, values: form.values };
  const application = form.data as EntryApplication;
  if (!isOneOf(ENTRY_EDITABLE_STATES, workflowCase.state)) return { ok: false, status: 409, errors: { _form: "entry.notEditable" }, values: application };
  const requestedFen = requestedFenOf(application) ?? 0;
  await WorkflowCase.updateOne(
    { _id: workflowCase._id },
    { $set: { "data.application": application, "data.requestedFen": requestedFen, title: application.title ?? "", titleSortKey: pinyinSortKey(application.title ?? "") } },
  );
  await casesChanged(ENTRY_KIND); // the workbenches show the title
  if (!submit) return { ok: true };
  const problems = applicationProblems(application, { categories: competition.categories, perProjectCapFen: competition.perProjectCapFen }, await attachedUses(entryId));
  if (Object.keys(problems).length > 0) return { ok: false, status: 400, errors: { _form: "entry.missing", ...problems }, values: application };
  const open = await windowOpen(competition, now);
  if (!open) return { ok: false, status: 409, errors: { _form: "competition.error.notOpen" }, values: application };
  try {
    await sendEvent(entryId, { type: workflowCase.state === "draft" ? "SUBMIT" : "RESUBMIT", complete: true, windowOpen: open }, { actor: actorOf(user), now });
  } catch (error) {
    if (error instanceof WorkflowError && error.code !== "unknownVersion") return { ok: false, status: error.status, errors: { _form: error.messageKey }, values: application };
    throw error;
  }
  await screenEntry(entryId, now);
  return { ok: true };
}

export async function entryPage(user: SessionUser, entryId: string) {
  const { workflowCase, owner, data, competition, context } = await loadVisibleEntry(user, entryId);
  const { lines } = budgetLinesOf(data.application);
  const organizationId = String(workflowCase.organizationId ?? "");
  const [files, lists] = await Promise.all([attachmentPanel(user, { caseKind: ENTRY_KIND, caseId: entryId }), activeListsOf([organizationId])]);
  return {
    files,
    creditLists: lists[organizationId] ?? [],
    id: entryId,
    seq: workflowCase.seq,
    state: workflowCase.state,
    owner,
    editable: owner && isOneOf(ENTRY_EDITABLE_STATES, workflowCase.state),
    application: { ...EMPTY_ENTRY, ...data.application },
    budgetTotalFen: lines.reduce((sum, l) => sum + l.amountFen, 0),
    competition: { id: String(competition._id), title: competition.title, categories: competition.categories, capFen: competition.perProjectCapFen },
    screening: context.screening,
    corrections: context.corrections,
    decision: context.decision,
  };
}
