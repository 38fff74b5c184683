/**
 * The sweeper: deadlines as explicit events, unfinished side effects, and housekeeping.
 * Every step is idempotent, so overlapping runs (two instances, a cron and the in-app timer)
 * never double anything. Run by the app on a timer and by `npm run sweep`.
 */
import { verifyAuditIfDue } from "~/audit/audit-query.server";
import { deleteOldAttempts } from "~/auth/rate-limit.server";
import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteOldRateEvents } from "~/http/public-rate-limit.server";
import { promoteToSerious, removeAfterSixMonths } from "~/daily-gate/credit-lists.server";
import { renderPendingDocuments } from "~/documents/documents.server";
import { proposeRevocations } from "~/exit-gate/exits.server";
import { recoverPendingSteps, sweepDeadlines } from "~/workflow/engine.server";

export async function runSweep(now = new Date()) {
  // Settle what crashed processes left owed first, so the deadlines below see caches up to date.
  const recovered = await recoverPendingSteps();
  const deadlines = await sweepDeadlines(now);
  const promotedToSerious = await promoteToSerious(now);
  const removedAfterSixMonths = await removeAfterSixMonths(now);
  const revocationsProposed = await proposeRevocations(now);
  const documentsRendered = await renderPendingDocuments();
  const expiredSessions = await deleteExpiredSessions(now);
  const oldSignInAttempts = await deleteOldAttempts(now.getTime());
  const oldRateEvents = await deleteOldRateEvents(now.getTime());
  const auditVerified = await verifyAuditIfDue(now.getTime());
  return { recovered, deadlines, promotedToSerious, removedAfterSixMonths, revocationsProposed, documentsRendered, expiredSessions, oldSignInAttempts, oldRateEvents, auditVerified };
}
