/**
 * The regulators' side: the competition's steps (with the facts each guard needs), objections,
 * plan adjustments and disbursements.
 */
import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { z } from "zod";
import { Competition } from "@models/competition";
import { Disbursement } from "@models/disbursement";
import { Objection } from "@models/objection";
import { WorkflowCase } from "@models/workflow-case";
import type { CompetitionEventType } from "@machines/competition.machine";
import { dueTranches } from "@machines/competition-entry.machine";
import type { SessionUser } from "~/auth/guards.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import type { FormResult, StepForm } from "~/forms/parse-form";
import { takePublicFormSlot } from "~/http/public-rate-limit.server";
import type { MessageKey } from "~/i18n/i18n";
import { unpublishedYearFor } from "~/domain/periods";
import { caseHistory, loadCase, sendEvent, WorkflowError } from "~/workflow/engine.server";
import { actorOf, isStale, runIntent, sendIntent, type IntentResult } from "~/workflow/intents.server";
import { describeMachine, eventsHandledIn } from "~/workflow/describe";
import { competitionWorkflow } from "./competition-workflow.server";
import { ACTIVE_PROJECT_STATES, COMPETITION_KIND, trancheAmountFen } from "./domain";
import { decideEntries } from "./effects.server";
import { settingsFacts } from "./applications/entries.server";
import { judgingProgress } from "./judging/judging.server";
import { entriesOf, loadCompetition, scoreAndPlan, type CompetitionRecord } from "./ranking/ranking.server";
import { adjustPlan } from "./scoring";

export const REGULATOR_COMPETITION_EVENTS: CompetitionEventType[] = [
  "OPEN",
  "CLOSE_APPLICATIONS",
  "START_SCREENING",
  "START_JUDGING",
  "CLOSE_JUDGING",
  "REOPEN_JUDGING",
  "PUBLISH",
  "FINALIZE",
  "START_PROJECTS",
  "ARCHIVE",
];

export async function requireCompetition(competitionId: string): Promise<CompetitionRecord> {
  const competition = await loadCompetition(competitionId);
  if (!competition) throw new Response("Not Found", { status: 404 });
  return competition;
}

export async function listCompetitions() {
  const competitions = await Competition.find({}, { title: 1, year: 1, theme: 1 }).sort({ year: -1 }).lean();
  const cases = await WorkflowCase.find({ kind: COMPETITION_KIND }, { state: 1 }).lean();
  const stateById = new Map(cases.map((c) => [String(c._id), c.state]));
  return competitions.map((c) => ({ id: String(c._id), title: c.title, year: c.year, theme: c.theme, state: stateById.get(String(c._id)) ?? "draft" }));
}

/**
 * One competition step from the case page, through the one door for steps (runIntent): the page's
 * seq guards against a stale page, and the server adds the facts the guard needs.
 */
export async function competitionStep(user: SessionUser, competitionId: string, step: StepForm<CompetitionEventType>, now = new Date()): Promise<IntentResult> {
  const competition = await requireCompetition(competitionId);
  const reason = (step.fields.reason ?? "").trim().slice(0, 1000);
  // The 公示's working days (a year not yet published cannot be counted): refused before the clock starts.
  if (step.intent === "PUBLISH" && unpublishedYearFor(now, { workingDays: competition.announcementWorkingDays }) !== null) {
    return { ok: false, status: 422, intent: "PUBLISH", errors: { _form: "rules.calendarNotPublished" }, values: {} };
  }
  // Closing and reopening judging have one field, the reason: it is also the step's comment.
  const withComment = { ...step, comment: step.comment || reason };
  return runIntent(user, competitionId, withComment, (intent) => ({
    allowed: REGULATOR_COMPETITION_EVENTS.includes(intent),
    payload: async () => {
      if (intent === "OPEN") return { settings: settingsFacts(competition) };
      if (intent === "START_JUDGING") return { eligibleEntries: (await entriesOf(competitionId, ["eligible"])).length };
      if (intent === "CLOSE_JUDGING") return { entriesLacking: (await judgingProgress(competition)).lacking, force: step.fields.force === "on", reason };
      if (intent === "REOPEN_JUDGING") return { reason };
      if (intent === "FINALIZE") return { pendingObjections: await Objection.countDocuments({ competitionId: competition._id, status: "pending" }) };
      if (intent === "ARCHIVE") return { activeProjects: (await entriesOf(competitionId, ACTIVE_PROJECT_STATES)).length };
      return {};
    },
  }));
}

export async function competitionOverview(competitionId: string, now = new Date()) {
  const competition = await requireCompetition(competitionId);
  const { workflowCase, definition, snapshot } = await loadCase(competitionId);
  const entries = await entriesOf(competitionId);
  const state = workflowCase.state;
  const scored = ["ranking", "announcing", "finalized", "running", "archived"].includes(state);
  const scoring = scored ? await scoreAndPlan(competition) : null;
  const paid = await Disbursement.find({ competitionId: competition._id }, { entryId: 1, trancheIndex: 1, amountFen: 1, voucherNumber: 1, paidOn: 1 }).lean();
  const objections = await Objection.find({ competitionId: competition._id }, { addressHash: 0 }).sort({ receivedAt: 1 }).limit(200).lean();
  const titleOf = new Map(entries.map((e) => [e.id, e.title]));
  return {
    id: competitionId,
    title: competition.title,
    theme: competition.theme,
    year: competition.year,
    state,
    seq: workflowCase.seq,
    now: now.toISOString(),
    context: snapshot.context as Record<string, unknown>,
    intents: (eventsHandledIn(definition.machine, snapshot) as CompetitionEventType[]).filter((e) => REGULATOR_COMPETITION_EVENTS.includes(e)),
    diagram: describeMachine(definition.machine, Object.keys(competitionWorkflow.effects ?? {})),
    history: (await caseHistory(competitionId)).map((h) => ({ seq: h.seq, event: h.event, from: h.from, to: h.to, actorName: h.actor.name, actorRole: h.actor.role, comment: h.comment, payload: {}, at: h.at.toISOString() })),
    budgetFen: competition.totalBudgetFen,
    capFen: competition.perProjectCapFen,
    tranchePlan: competition.tranchePlan.map((t) => ({ percent: t.percent, trigger: t.trigger })),
    entries: entries
      .map((e) => ({ id: e.id, seq: e.seq, organizationId: e.organizationId, title: e.title, state: e.state, category: e.application.category ?? "", requestedFen: e.requestedFen, dueTranches: dueTranches(e.context), paidTranches: e.context.paidTranches }))
      .sort((a, b) => a.title.localeCompare(b.title, "zh-CN")),
    progress: state === "judging" || scored ? await judgingProgress(competition) : null,
    ranking: scoring
      ? {
          lines: scoring.outcome.ranking.map((r) => {
            const line = scoring.plan.lines.find((l) => l.entryId === r.entryId)!;
            return {
              entryId: r.entryId,
              title: titleOf.get(r.entryId) ?? "",
              rank: r.rank,
              finalScore: r.finalScore,
              totals: r.judgeTotals.map((t) => t.total),
              spread: r.spread,
              disagreement: r.disagreement,
              requestedFen: r.requestedFen,
              awardFen: line.awardFen,
              adjusted: line.adjusted,
            };
          }),
          incomplete: scoring.outcome.incomplete.map((e) => ({ entryId: e.entryId, title: titleOf.get(e.entryId) ?? "", scoreCount: e.scoreCount })),
          committedFen: scoring.plan.committedFen,
          leftoverFen: scoring.plan.leftoverFen,
        }
      : null,
    adjustments: competition.planAdjustments.map((a) => ({ entryId: String(a.entryId), title: titleOf.get(String(a.entryId)) ?? "", awardFen: a.awardFen, reason: a.reason, byName: a.byName, at: a.at.toISOString() })),
    disbursements: paid.map((d) => ({ entryId: String(d.entryId), trancheIndex: d.trancheIndex, amountFen: d.amountFen, voucherNumber: d.voucherNumber, paidOn: d.paidOn.toISOString() })),
    paidFen: paid.reduce((sum, d) => sum + d.amountFen, 0),
    objections: objections.map((o) => ({ id: String(o._id), entryTitle: o.entryId ? titleOf.get(String(o.entryId)) ?? "" : "", name: o.name, contact: o.contact, reason: o.reason, status: o.status, resolution: o.resolution, receivedAt: o.receivedAt.toISOString() })),
  };
}

/** A regulator's change to one award, within the rules, logged with the reason. */
export async function adjustAward(user: SessionUser, competitionId: string, entryId: string, awardFen: number, reason: string): Promise<boolean> {
  const competition = await requireCompetition(competitionId);
  const state = (await loadCase(competitionId)).workflowCase.state;
  if (state !== "ranking" || !reason.trim()) return false;
  const { plan } = await scoreAndPlan(competition);
  if (!adjustPlan(plan, [{ entryId, awardFen }]).ok) return false;
  await Competition.updateOne(
    { _id: competition._id },
    { $push: { planAdjustments: { entryId: new mongoose.Types.ObjectId(entryId), awardFen, reason: reason.trim().slice(0, 1000), byName: user.displayName, at: new Date() } } },
  );
  return true;
}

export const OBJECTIONS_PER_ADDRESS_PER_HOUR = 3;

export type ObjectionResult = { ok: true } | { ok: false; status: number; errors: Partial<Record<string, MessageKey>>; values: Record<string, string> };

/** The public objection form; `website` is the honeypot, a field people never see and bots fill in. */
export const objectionSchema = z.object({
  name: z.string().trim().min(1, "competition.error.objectionName").max(50, "competition.error.objectionName"),
  contact: z.string().trim().min(1, "competition.error.objectionContact").max(100, "competition.error.objectionContact"),
  reason: z.string().trim().min(10, "competition.error.objectionReason").max(2000, "competition.error.objectionReason"),
  entryId: z.string().trim(),
  website: z.string(),
});

/**
 * A public objection during the 公示 (the form as parsed by objectionSchema): honeypot first, then
 * the stage, the fields, and a rate limit per (hashed) address.
 */
export async function submitObjection(competitionId: string, form: FormResult<z.infer<typeof objectionSchema>>, address: string, now = new Date()): Promise<ObjectionResult> {
  const competition = await requireCompetition(competitionId);
  const { website, ...values } = form.ok ? form.data : form.values;
  if (website) return { ok: false, status: 400, errors: { _form: "competition.error.honeypot" }, values };
  const { workflowCase, snapshot } = await loadCase(competitionId);
  if (workflowCase.state !== "announcing" || (snapshot.context as { announcementOver: boolean }).announcementOver) {
    return { ok: false, status: 409, errors: { _form: "competition.error.notAnnouncing" }, values };
  }
  if (!form.ok) {
    const { website: _honeypot, ...errors } = form.errors;
    return { ok: false, status: 400, errors, values };
  }
  const addressHash = createHash("sha256").update(`objection:${address}`).digest("hex");
  if (!(await takePublicFormSlot(`objection:${addressHash}`, OBJECTIONS_PER_ADDRESS_PER_HOUR, undefined, now.getTime()))) {
    return { ok: false, status: 429, errors: { _form: "competition.error.rateLimited" }, values };
  }
  const entries = await entriesOf(competitionId);
  const entryId = entries.some((e) => e.id === values.entryId) ? new mongoose.Types.ObjectId(values.entryId) : undefined;
  await Objection.create({ competitionId: competition._id, entryId, name: values.name, contact: values.contact, reason: values.reason, addressHash, receivedAt: now });
  return { ok: true };
}

/** Upheld: the entry is disqualified and the plan recomputed (entries re-decided); dismissed: reasons kept. */
export async function resolveObjection(user: SessionUser, competitionId: string, objectionId: string, upheld: boolean, resolution: string, now = new Date()): Promise<boolean> {
  if (!mongoose.isValidObjectId(objectionId) || !resolution.trim()) return false;
  const objection = await Objection.findOne({ _id: new mongoose.Types.ObjectId(objectionId), competitionId: new mongoose.Types.ObjectId(competitionId), status: "pending" }).lean();
  if (!objection) return false;
  if (upheld && objection.entryId) {
    try {
      await sendEvent(String(objection.entryId), { type: "DISQUALIFY", reason: resolution.trim() }, { actor: actorOf(user), now });
    } catch (error) {
      if (!(error instanceof WorkflowError && error.code === "refused")) throw error;
      return false;
    }
    await decideEntries(competitionId, now);
  }
  const result = await Objection.updateOne(
    { _id: objection._id, status: "pending" },
    { $set: { status: upheld ? "upheld" : "dismissed", resolution: resolution.trim().slice(0, 2000), resolvedBy: user.displayName, resolvedAt: now } },
  );
  return result.modifiedCount === 1;
}

/** The payment form of the case page: which tranche of which entry, and the voucher that paid it. */
export const trancheSchema = z.object({
  entryId: z.string(),
  trancheIndex: z.string().trim().regex(/^\d+$/, "competition.error.trancheNotDue").transform(Number),
  voucherNumber: z.string().trim().min(1, "competition.error.voucher").max(64, "competition.error.voucher"),
  paidOn: z.string().transform((value, ctx) => parseCalendarDate(value) ?? (ctx.addIssue({ code: "custom", message: "competition.error.date" }), z.NEVER)),
});
/** A payment as parsed by trancheSchema, with the entry's seq as the page showed it. */
export type TranchePayment = z.infer<typeof trancheSchema> & { seq?: number };

export type PaymentResult = { ok: true } | { ok: false; status: number; error: MessageKey; params?: Record<string, string | number> };

/**
 * Records a tranche payment: a step of the entry (RECORD_TRANCHE) carrying the voucher, sent with
 * the entry's seq as the page showed it. Of two payments at once one is recorded and the other
 * told that its voucher was not; a payment for a tranche already paid is refused, naming the
 * voucher that paid it. The Disbursement row is the step's side effect.
 */
export async function recordDisbursement(user: SessionUser, competitionId: string, payment: TranchePayment): Promise<PaymentResult> {
  const competition = await requireCompetition(competitionId);
  const { entryId, trancheIndex, voucherNumber, paidOn, seq } = payment;
  const [entry] = (await entriesOf(competitionId)).filter((e) => e.id === entryId);
  const tranche = competition.tranchePlan[trancheIndex];
  if (!entry || !tranche) return { ok: false, status: 400, error: "competition.error.trancheNotDue" };
  if (await isStale(entryId, seq)) return { ok: false, status: 409, error: "workflow.error.conflict" };
  const alreadyPaid = async (): Promise<PaymentResult> => {
    const paid = await Disbursement.findOne({ entryId: new mongoose.Types.ObjectId(entryId), trancheIndex }, { voucherNumber: 1 }).lean();
    return { ok: false, status: 422, error: "competition.error.trancheAlreadyPaid", params: { n: trancheIndex + 1, voucher: paid?.voucherNumber ?? "—", yours: voucherNumber } };
  };
  if (entry.context.paidTranches.includes(trancheIndex)) return alreadyPaid();
  if (!dueTranches(entry.context).includes(trancheIndex)) return { ok: false, status: 422, error: "competition.error.trancheNotDue" };
  const amountFen = trancheAmountFen(entry.context.decision?.awardFen ?? 0, competition.tranchePlan.map((t) => t.percent), trancheIndex);
  const outcome = await sendIntent(user, entryId, { type: "RECORD_TRANCHE", trancheIndex, voucherNumber, paidOn: paidOn.toISOString(), amountFen }, { seq });
  if (outcome.ok) return { ok: true };
  // Sent without a page's seq, a payment that lost to another finds the tranche paid.
  if (outcome.messageKey === "workflow.guard.trancheDueAndUnpaid" && (await loadCase(entryId)).snapshot.context.paidTranches.includes(trancheIndex)) return alreadyPaid();
  return { ok: false, status: outcome.status, error: outcome.messageKey, params: outcome.params };
}
