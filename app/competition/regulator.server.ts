/**
 * The regulator's competition case page: the overview (competitionOverview) plus what only
 * this page needs — the visited states, the ranking's page, and one entry point for the page's
 * forms, each intent handled by its existing service. Judging has its own board
 * (judging-admin.server.ts).
 */
import { pageOf } from "~/forms/page-query.server";
import { z } from "zod";
import type { SessionUser } from "~/auth/guards.server";
import type { PageParams } from "~/forms/page-params";
import { parseForm, type FieldErrors, type StepForm } from "~/forms/parse-form";
import { parseYuanToFen } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { competitionOverview, competitionStep, REGULATOR_COMPETITION_EVENTS, requireCompetition } from "./competitions.server";
import { recordDisbursement, trancheSchema } from "./funding/payments.server";
import { resolveObjection } from "./public/objections.server";
import { adjustAward } from "./ranking/adjustments.server";
import { fundingDashboard } from "./funding/reporting.server";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { COMPETITION_FINALIZED_STATES } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";

/** The case page; the ranking table is paginated (`rankingPage`, like every table). */
export async function competitionCasePage(competitionId: string, rankingPage: PageParams = { page: 1, pageSize: 20 }) {
  const competition = await requireCompetition(competitionId);
  const overview = await competitionOverview(competitionId);
  const lines = overview.ranking ? pageOf(overview.ranking.lines, rankingPage) : null;
  return {
    ...overview,
    // Listed organizations carry a badge in the entries table (one query for all entries).
    entries: await withCreditLists(overview.entries, (e) => e.organizationId),
    ranking: overview.ranking && lines ? { ...overview.ranking, lines: lines.rows, total: lines.total, ...rankingPage } : null,
    minScores: competition.judging.minScores,
    visited: [...new Set(overview.history.flatMap((h) => [h.from, h.to]).filter(Boolean))],
    dashboard: isOneOf(COMPETITION_FINALIZED_STATES, overview.state) ? await fundingDashboard(competitionId) : null,
  };
}

export const PAGE_INTENTS = ["ADJUST_AWARD", "RESOLVE_OBJECTION", "RECORD_TRANCHE"] as const;

export type PageActionResult =
  | { ok: true; done: string }
  | { ok: false; status: number; intent: string; error: MessageKey; params?: Record<string, string | number>; values: Record<string, string> };

/** Everything the case page's forms may send: the regulator's machine steps and the page's own intents. */
export const COMPETITION_PAGE_INTENTS = [...REGULATOR_COMPETITION_EVENTS, ...PAGE_INTENTS];
export type CompetitionPageIntent = (typeof COMPETITION_PAGE_INTENTS)[number];

const adjustmentSchema = z.object({
  entryId: z.string(),
  award: z.string().transform((award, ctx) => parseYuanToFen(award) ?? (ctx.addIssue({ code: "custom", message: "competitionAdmin.error.adjust" }), z.NEVER)),
  reason: z.string().trim().min(1, "competitionAdmin.error.adjust"),
});

/** These forms show one message: the first of their fields' refusals, in the order the fields are checked. */
const firstError = (errors: FieldErrors, order: readonly string[]): MessageKey => order.map((field) => errors[field]).find((key) => key !== undefined) ?? "validation.invalid";

/** One form of the case page: a machine step, or one of the page's own intents. */
export async function competitionPageAction(user: SessionUser, competitionId: string, step: StepForm<CompetitionPageIntent>): Promise<PageActionResult> {
  const { intent, fields: values } = step;
  const fail = (error: MessageKey, status = 400, params?: Record<string, string | number>): PageActionResult => ({ ok: false, status, intent, error, params, values: { ...values } });
  if (intent === "ADJUST_AWARD") {
    const form = parseForm(adjustmentSchema, values);
    if (!form.ok) return fail(firstError(form.errors, ["award", "reason", "entryId"]));
    const adjusted = await adjustAward(user, competitionId, form.data.entryId, form.data.award, form.data.reason);
    return adjusted ? { ok: true, done: intent } : fail("regulator.competition.adjustRejected", 409);
  }
  if (intent === "RESOLVE_OBJECTION") {
    const resolved = await resolveObjection(user, competitionId, values.objectionId ?? "", values.decision === "uphold", values.resolution ?? "");
    return resolved ? { ok: true, done: intent } : fail("competitionAdmin.error.resolve");
  }
  if (intent === "RECORD_TRANCHE") {
    const form = parseForm(trancheSchema, values);
    if (!form.ok) return fail(firstError(form.errors, ["voucherNumber", "paidOn", "trancheIndex", "entryId"]));
    const recorded = await recordDisbursement(user, competitionId, { ...form.data, seq: step.seq });
    return recorded.ok ? { ok: true, done: intent } : fail(recorded.error, recorded.status, recorded.params);
  }
  const result = await competitionStep(user, competitionId, { ...step, intent });
  if (!result.ok) return fail(result.errors._form ?? "validation.invalid", result.status, result.params);
  return { ok: true, done: intent };
}
