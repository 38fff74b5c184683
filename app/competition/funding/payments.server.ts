/** Tranche payments: the case page's payment form and the RECORD_TRANCHE step it sends. */
import mongoose from "mongoose";
import { z } from "zod";
import { Disbursement } from "@models/disbursement";
import { dueTranches } from "@machines/competition-entry.machine";
import type { SessionUser } from "~/auth/guards.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import type { MessageKey } from "~/i18n/i18n";
import { loadCase } from "~/workflow/engine.server";
import { isStale, sendIntent } from "~/workflow/intents.server";
import { requireCompetition } from "../competitions.server";
import { trancheAmountFen } from "~/domain/competition";
import { entriesOf } from "../ranking/ranking.server";

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
