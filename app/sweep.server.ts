/**
 * The sweeper: deadlines as explicit events, unfinished side effects, and housekeeping.
 * Every step is idempotent, so overlapping runs (two instances, a cron and the in-app timer)
 * never double anything. Run by the app on a timer and by `npm run sweep`.
 */
import { deleteOldFailures } from "~/auth/rate-limit.server";
import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteOldRateEvents } from "~/http/public-rate-limit.server";
import { promoteToSerious } from "~/daily-gate/credit-lists.server";
import { renderPendingDocuments } from "~/documents/documents.server";
import { proposeRevocations } from "~/exit-gate/exits.server";
import { retryUnfinishedEffects, sweepDeadlines } from "~/workflow/engine.server";
import "~/workflow/registry.server";

export async function runSweep(now = new Date()) {
  const deadlines = await sweepDeadlines(now);
  const promotedToSerious = await promoteToSerious(now);
  const revocationsProposed = await proposeRevocations(now);
  const effectsRetried = await retryUnfinishedEffects(60_000, now.getTime());
  const documentsRendered = await renderPendingDocuments();
  const expiredSessions = await deleteExpiredSessions(now);
  const oldSignInFailures = await deleteOldFailures(now.getTime());
  const oldRateEvents = await deleteOldRateEvents(now.getTime());
  return { deadlines, promotedToSerious, revocationsProposed, effectsRetried, documentsRendered, expiredSessions, oldSignInFailures, oldRateEvents };
}
