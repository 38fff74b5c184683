/** The regulator's adjustments of the funding plan while ranking, within the rules and logged with the reason. */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import type { SessionUser } from "~/auth/guards.server";
import { loadCase } from "~/workflow/engine.server";
import { requireCompetition } from "../competitions.server";
import { adjustPlan } from "../scoring";
import { scoreAndPlan } from "./ranking.server";

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
