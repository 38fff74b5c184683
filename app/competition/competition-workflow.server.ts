/**
 * The competition and its entries on the workflow engine. The competition's steps carry its
 * entries along (side effects after commit): each effect only moves entries still in the state
 * it expects, so a retried effect changes nothing twice.
 */
import mongoose from "mongoose";
import type { AnyMachineSnapshot } from "xstate";
import { Disbursement } from "@models/disbursement";
import { COMPETITION_ENTRY_MACHINE_VERSION, competitionEntryMachine, upgradeEntrySnapshotFromV1 } from "@machines/competition-entry.machine";
import { COMPETITION_MACHINE_VERSION, competitionMachine } from "@machines/competition.machine";
import { isDuplicateKeyError } from "~/db.server";
import { issueOnStep } from "~/documents/sources.server";
import { defineWorkflow, type EffectArgs } from "~/workflow/engine.server";
import { COMPETITION_KIND, ENTRY_KIND } from "~/domain/competition";
import { decideEntries, entryIdsIn, moveEntry, screenSubmittedEntries } from "./effects.server";
import { applyJudgePlan, applyUnassignment } from "./judging/judging.server";
import { competitionCases, entryCases } from "./case-shapes";

async function moveAll(competitionId: string, from: readonly string[], event: { type: string } & Record<string, unknown>, at: Date) {
  for (const id of await entryIdsIn(competitionId, from)) await moveEntry(id, event, at);
}


export const competitionWorkflow = defineWorkflow({
  kind: COMPETITION_KIND,
  machine: competitionMachine,
  version: COMPETITION_MACHINE_VERSION,
  effects: {
    screenEntries: async ({ caseId, transition }: EffectArgs) => screenSubmittedEntries(caseId, transition.at),
    startEntryReview: async ({ caseId, transition }: EffectArgs) => moveAll(caseId, ["eligible"], { type: "START_REVIEW" }, transition.at),
    recordEntryScores: async ({ caseId, transition }: EffectArgs) => moveAll(caseId, ["underReview"], { type: "RECORD_SCORES" }, transition.at),
    decideEntries: async ({ caseId, transition }: EffectArgs) => decideEntries(caseId, transition.at),
    awardEntries: async ({ caseId, transition }: EffectArgs) => moveAll(caseId, ["selected"], { type: "AWARD" }, transition.at),
    assignJudges: async ({ caseId, transition }: EffectArgs) => applyJudgePlan(caseId, transition),
    unassignJudge: async ({ transition }: EffectArgs) => applyUnassignment(transition),
    issueAnnouncement: issueOnStep("publicAnnouncement"),
  },
  clock: (snapshot: AnyMachineSnapshot) => {
    const context = competitionCases.contextOf(snapshot);
    const state = String(snapshot.value);
    if (state === "open" && context.closesAt) return { dueAt: new Date(context.closesAt), wakeAt: new Date(context.closesAt) };
    if (state === "announcing" && context.announcementEndsAt) {
      const ends = new Date(context.announcementEndsAt);
      return { dueAt: ends, wakeAt: context.announcementOver ? null : ends };
    }
    return { dueAt: null, wakeAt: null };
  },
});

/**
 * A recorded tranche's Disbursement row, from the RECORD_TRANCHE step's payment. Idempotent: one
 * row per (entry, tranche), unique, so a rerun (or a racing rerun) finds the row there.
 */
async function recordDisbursement({ caseId, transition, workflowCase }: EffectArgs): Promise<void> {
  const payment = transition.payload as { trancheIndex: number; voucherNumber: string; paidOn: string; amountFen: number };
  const { competitionId } = entryCases.dataOf(workflowCase);
  try {
    await Disbursement.updateOne(
      { entryId: new mongoose.Types.ObjectId(caseId), trancheIndex: payment.trancheIndex },
      {
        $setOnInsert: {
          competitionId: new mongoose.Types.ObjectId(competitionId),
          organizationId: workflowCase.organizationId,
          amountFen: payment.amountFen,
          paidOn: new Date(payment.paidOn),
          voucherNumber: payment.voucherNumber,
          recordedBy: transition.actor.name,
          recordedAt: transition.at,
        },
      },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

export const competitionEntryWorkflow = defineWorkflow({
  kind: ENTRY_KIND,
  machine: competitionEntryMachine,
  version: COMPETITION_ENTRY_MACHINE_VERSION,
  upgrades: { 1: upgradeEntrySnapshotFromV1 },
  effects: { recordDisbursement, issueFundingAgreement: issueOnStep("fundingAgreement"), issueDisbursementNotice: issueOnStep("disbursementNotice") },
});
