/**
 * Objections during the 公示: the public form (honeypot, stage, fields, a rate limit per hashed
 * address) and the regulator's decision on each (an upheld one disqualifies the entry).
 */
import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { z } from "zod";
import { Objection } from "@models/objection";
import type { SessionUser } from "~/auth/guards.server";
import type { FormResult } from "~/forms/parse-form";
import { takePublicFormSlot } from "~/http/public-rate-limit.server";
import type { MessageKey } from "~/i18n/i18n";
import { loadCase, sendEvent, WorkflowError } from "~/workflow/engine.server";
import { actorOf } from "~/workflow/intents.server";
import { requireCompetition } from "../competitions.server";
import { decideEntries } from "../effects.server";
import { entriesOf } from "../ranking/ranking.server";
import { competitionCases } from "../case-shapes";

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
  if (workflowCase.state !== "announcing" || competitionCases.contextOf(snapshot).announcementOver) {
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
