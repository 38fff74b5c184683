/**
 * What the competition's steps do to its entries: the automatic eligibility screening and the
 * decisions at publication (from the funding plan). Idempotent: only entries still waiting move.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { isOnCreditList } from "~/daily-gate/credit-lists.server";
import { sendEvent, SYSTEM_ACTOR, WorkflowError } from "~/workflow/engine.server";
import { budgetLinesOf } from "./applications/application-form";
import { ENTRY_KIND } from "~/domain/competition";
import { eligibilityReasons } from "./eligibility";
import { loadCompetition, scoreAndPlan } from "./ranking/ranking.server";
import { ENTRY_AWAITING_AWARD_STATES, ENTRY_UNSUBMITTED_STATES } from "@machines/competition-entry.machine";
import { isOneOf } from "~/domain/vocabulary";
import { entryCases } from "./case-shapes";

/** Entry case ids of a competition in the given states. */
export async function entryIdsIn(competitionId: string, states: readonly string[]): Promise<string[]> {
  const rows = await WorkflowCase.find(
    { kind: ENTRY_KIND, "data.competitionId": competitionId, state: mongoose.trusted({ $in: [...states] }) },
    { _id: 1 },
  ).lean();
  return rows.map((r) => String(r._id));
}

/** Sends an event to an entry, treating "already moved" as done (effects are retried). */
export async function moveEntry(entryId: string, event: { type: string } & Record<string, unknown>, now?: Date): Promise<boolean> {
  try {
    await sendEvent(entryId, event, { actor: SYSTEM_ACTOR, now });
    return true;
  } catch (error) {
    if (error instanceof WorkflowError && (error.code === "refused" || error.code === "conflict")) return false;
    throw error;
  }
}

/** Screens one submitted entry against the register and sends SCREEN with the reasons. */
export async function screenEntry(entryId: string, at?: Date): Promise<void> {
  const entry = await WorkflowCase.findById(entryId, { state: 1, organizationId: 1, data: 1, snapshot: 1 }).lean();
  if (!entry || entry.state !== "submitted") return;
  const data = entryCases.dataOf(entry);
  const competition = await loadCompetition(data.competitionId);
  const organization = await Organization.findById(entry.organizationId, { status: 1 }).lean();
  if (!competition || !organization) return;
  // Entries of the same organization submitted before this one (withdrawn ones do not count).
  const siblings = await WorkflowCase.find(
    {
      kind: ENTRY_KIND,
      "data.competitionId": data.competitionId,
      organizationId: entry.organizationId,
      _id: mongoose.trusted({ $ne: entry._id }),
      state: mongoose.trusted({ $nin: [...ENTRY_UNSUBMITTED_STATES] }),
    },
    { snapshot: 1 },
  ).lean();
  const mine = entryCases.contextOf(entry.snapshot).submittedAt ?? "";
  const earlier = siblings.filter((s) => (entryCases.contextOf(s.snapshot).submittedAt ?? "") < mine).length;
  const lines = budgetLinesOf(data.application).lines;
  const reasons = eligibilityReasons({
    organizationStatus: organization.status,
    onCreditList: await isOnCreditList(String(entry.organizationId)),
    requestedFen: data.requestedFen ?? 0,
    budgetTotalFen: lines.reduce((sum, l) => sum + l.amountFen, 0),
    perProjectCapFen: competition.perProjectCapFen,
    earlierEntries: earlier,
    maxEntriesPerOrganization: competition.maxEntriesPerOrganization,
  });
  await moveEntry(entryId, { type: "SCREEN", eligible: reasons.length === 0, reasons }, at);
}

export async function screenSubmittedEntries(competitionId: string, at: Date): Promise<void> {
  for (const id of await entryIdsIn(competitionId, ["submitted"])) await screenEntry(id, at);
}

/**
 * Decides every scored entry from the current plan: funded → selected with its award, the rest
 * not selected. Run at publication and again when an upheld objection changes the plan.
 */
export async function decideEntries(competitionId: string, at: Date): Promise<void> {
  const competition = await loadCompetition(competitionId);
  if (!competition) return;
  const { plan, entries } = await scoreAndPlan(competition);
  const awards = new Map(plan.lines.map((l) => [l.entryId, l.awardFen]));
  for (const entry of entries) {
    if (!isOneOf(ENTRY_AWAITING_AWARD_STATES, entry.state)) continue;
    const awardFen = awards.get(entry.id) ?? 0;
    const same = entry.context.decision && entry.context.decision.selected === awardFen > 0 && entry.context.decision.awardFen === awardFen;
    if (same && entry.state !== "scored") continue;
    await moveEntry(entry.id, { type: "DECIDE", selected: awardFen > 0, awardFen }, at);
  }
}
