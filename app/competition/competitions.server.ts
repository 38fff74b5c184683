/**
 * The regulators' competition case page: its steps (with the facts each guard needs) and its
 * overview. Objections are in public/objections.server.ts, plan adjustments in
 * ranking/adjustments.server.ts, payments in funding/payments.server.ts.
 */
import { Competition } from "@models/competition";
import { Disbursement } from "@models/disbursement";
import { Objection } from "@models/objection";
import { WorkflowCase } from "@models/workflow-case";
import type { CompetitionEventType } from "@machines/competition.machine";
import { dueTranches } from "@machines/competition-entry.machine";
import type { SessionUser } from "~/auth/guards.server";
import type { StepForm } from "~/forms/parse-form";
import { unpublishedYearFor } from "~/domain/periods";
import { caseHistory, loadCase } from "~/workflow/engine.server";
import { runIntent, type IntentResult } from "~/workflow/intents.server";
import { describeMachine, eventsHandledIn } from "~/workflow/describe";
import { competitionWorkflow } from "./competition-workflow.server";
import { ACTIVE_PROJECT_STATES, COMPETITION_KIND } from "~/domain/competition";
import { settingsFacts } from "./applications/entries.server";
import { judgingProgress } from "./judging/judging.server";
import { entriesOf, loadCompetition, scoreAndPlan, type CompetitionRecord } from "./ranking/ranking.server";
import { COMPETITION_SCORED_STATES } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";
import { competitionCases } from "./case-shapes";

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
  const scored = isOneOf(COMPETITION_SCORED_STATES, state);
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
    context: competitionCases.contextOf(snapshot),
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
