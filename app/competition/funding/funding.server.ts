/**
 * After the award (资助协议 → 拨付 → 中期评估 → 结项评估): the organization signs by uploading the
 * agreement and writes its mid-term and final reports; the regulator reviews each report (a pass
 * makes the next tranche due, a failure leads to termination with the clawback recorded) and
 * completes the project when every tranche is paid. Facts the guards need (is an agreement
 * stored, which report files exist) are computed here, never taken from the form.
 */
import mongoose from "mongoose";
import { z } from "zod";
import { Disbursement } from "@models/disbursement";
import { Organization } from "@models/organization";
import { dueTranches, type EntryEventType, type ProjectReport } from "@machines/competition-entry.machine";
import { attachmentPanel, relyOnAttachments } from "~/attachments/attachments.server";
import type { SessionUser } from "~/auth/guards.server";
import { formValues, parseForm, type FieldErrors, type StepForm } from "~/forms/parse-form";
import { parseYuanToFen } from "~/i18n/format";
import { eventsHandledIn } from "~/workflow/describe";
import { sendEvent, setCaseFields, WorkflowError } from "~/workflow/engine.server";
import { actorOf, caseTrail, runIntent, type IntentResult } from "~/workflow/intents.server";
import { budgetLinesOf } from "../applications/application-form";
import { ENTRY_KIND, FUNDED_STATES, trancheAmountFen } from "~/domain/competition";
import { loadVisibleEntry } from "../applications/entries.server";
import { EMPTY_REPORT, REPORT_EVENT, REPORT_FIELDS, REPORT_STAGES, REPORT_USE, REPORTABLE_STATE, reportDraftSchema, reportPayload, reportProblems, type ReportDraft, type ReportStage } from "./report-form";

/** What the organization may send after the award, and what the regulator may. */
export const OWNER_FUNDING_INTENTS = ["SIGN_AGREEMENT", "SAVE_REPORT", "SUBMIT_MIDTERM_REPORT", "SUBMIT_FINAL_REPORT"] as const;
export const REGULATOR_FUNDING_INTENTS = ["MIDTERM_REVIEW", "FINAL_REVIEW", "TERMINATE", "COMPLETE"] as const;
export const FUNDING_INTENTS = [...OWNER_FUNDING_INTENTS, ...REGULATOR_FUNDING_INTENTS];
export type FundingIntent = (typeof FUNDING_INTENTS)[number];

const isRegulator = (user: SessionUser) => user.role === "regulator";

/** The stage whose report the organization may write in this state (null: none). */
export function reportStageIn(state: string): ReportStage | null {
  return REPORT_STAGES.find((stage) => REPORTABLE_STATE[stage] === state) ?? null;
}

async function paidOf(entryId: string) {
  const rows = await Disbursement.find({ entryId: new mongoose.Types.ObjectId(entryId) }, { trancheIndex: 1, amountFen: 1, paidOn: 1, voucherNumber: 1 }).sort({ trancheIndex: 1 }).lean();
  return rows.map((d) => ({ trancheIndex: d.trancheIndex, amountFen: d.amountFen, paidOn: d.paidOn.toISOString(), voucherNumber: d.voucherNumber }));
}

/**
 * The post-award part of an entry's page, for its organization and for regulators (others never
 * get here: `loadVisibleEntry` answers 404). Null before the award.
 */
export async function fundingPanel(user: SessionUser, entryId: string) {
  return fundingPanelOf(user, entryId, await loadVisibleEntry(user, entryId));
}

async function fundingPanelOf(user: SessionUser, entryId: string, entry: Awaited<ReturnType<typeof loadVisibleEntry>>) {
  const { workflowCase, definition, snapshot, owner, data, competition, context } = entry;
  if (!(FUNDED_STATES as readonly string[]).includes(workflowCase.state)) return null;
  const awardFen = context.decision?.awardFen ?? 0;
  const percents = competition.tranchePlan.map((t) => t.percent);
  const paid = await paidOf(entryId);
  const due = dueTranches(context);
  const handled = eventsHandledIn(definition.machine, snapshot) as EntryEventType[];
  const allowed: readonly string[] = owner ? OWNER_FUNDING_INTENTS : isRegulator(user) ? REGULATOR_FUNDING_INTENTS : [];
  const stage = owner ? reportStageIn(workflowCase.state) : null;
  const drafts = data.reports ?? {};
  return {
    entryId,
    competitionId: String(competition._id),
    seq: workflowCase.seq,
    state: workflowCase.state,
    owner,
    /** Regulators have their own page for this entry (reviews, termination, completion). */
    regulatorView: user.role === "regulator",
    awardFen,
    lines: budgetLinesOf(data.application).lines,
    tranches: competition.tranchePlan.map((t, index) => ({
      index,
      percent: t.percent,
      trigger: t.trigger,
      amountFen: trancheAmountFen(awardFen, percents, index),
      due: due.includes(index),
      paid: paid.find((p) => p.trancheIndex === index) ?? null,
    })),
    paidFen: paid.reduce((sum, p) => sum + p.amountFen, 0),
    contractedAt: context.contractedAt,
    reports: { midterm: context.midtermReport ?? null, final: context.finalReport ?? null } as Record<ReportStage, ProjectReport | null>,
    reviews: { midterm: context.midterm, final: context.final },
    termination: context.termination,
    completedAt: context.completedAt,
    intents: handled.filter((e) => allowed.includes(e)),
    /** The report form open to the organization now, with its saved draft. */
    reportForm: stage ? { stage, draft: { ...EMPTY_REPORT, ...drafts[stage] } } : null,
    files: await attachmentPanel(user, { caseKind: ENTRY_KIND, caseId: entryId }),
  };
}

export type FundingPanel = NonNullable<Awaited<ReturnType<typeof fundingPanelOf>>>;

export type FundingResult = IntentResult | { ok: true; intent: "SAVE_REPORT" };

/** One post-award form of an entry's page. Owners and regulators each have their own intents. */
export async function fundingAction(user: SessionUser, entryId: string, step: StepForm<FundingIntent>, now = new Date()): Promise<FundingResult> {
  const { intent } = step;
  const { workflowCase, owner, data } = await loadVisibleEntry(user, entryId);
  const ref = { caseKind: ENTRY_KIND, caseId: entryId };
  const ownerIntent = (OWNER_FUNDING_INTENTS as readonly string[]).includes(intent);
  if (ownerIntent ? !owner : !isRegulator(user)) {
    return { ok: false, status: 403, intent, errors: { _form: "workflow.error.forbiddenEvent" }, values: {} };
  }
  if (intent === "SAVE_REPORT" || intent === "SUBMIT_MIDTERM_REPORT" || intent === "SUBMIT_FINAL_REPORT") {
    return saveReport(user, entryId, step, { state: workflowCase.state, seq: workflowCase.seq, application: data.application }, now);
  }
  if (intent === "SIGN_AGREEMENT") {
    // The fact comes from storage: an active agreement file, now relied on (no longer deletable).
    return runIntent(user, entryId, step, () => ({ allowed: true, payload: async () => ({ agreementUploaded: (await relyOnAttachments(ref, "agreement")).length > 0 }) }));
  }
  if (intent === "MIDTERM_REVIEW" || intent === "FINAL_REVIEW") return runIntent(user, entryId, step, () => ({ allowed: true, schema: reviewSchema, payload: async (f) => ({ passed: f.decision === "pass", comment: f.comment }) }));
  if (intent === "TERMINATE") {
    const paidFen = (await paidOf(entryId)).reduce((sum, p) => sum + p.amountFen, 0);
    return runIntent(user, entryId, step, () => ({ allowed: true, schema: terminationSchema(paidFen), payload: async (f) => ({ reason: f.reason, clawbackFen: parseYuanToFen(String(f.clawback)) }) }));
  }
  // COMPLETE: the machine checks that every tranche of the plan is paid.
  return runIntent(user, entryId, step, () => ({ allowed: true }));
}

const reviewSchema = z
  .object({
    decision: z.enum(["pass", "fail"], "funding.error.decision"),
    comment: z.string().trim().max(2000, "funding.error.tooLong"),
  })
  .refine((f) => f.decision === "pass" || f.comment.length > 0, { message: "funding.error.commentRequired", path: ["comment"] });

const terminationSchema = (paidFen: number) =>
  z.object({
    reason: z.string().trim().min(1, "funding.error.reasonRequired").max(1000, "funding.error.tooLong"),
    clawback: z
      .string()
      .trim()
      .refine((v) => parseYuanToFen(v) !== null, "funding.error.amount")
      .refine((v) => (parseYuanToFen(v) ?? 0) <= paidFen, "funding.error.clawbackOverPaid"),
  });

export type ReportResult =
  | { ok: true; intent: string }
  | { ok: false; status: number; intent: string; errors: FieldErrors; values: Record<string, string>; params?: Record<string, string | number> };

/**
 * Saves the report form as a draft (incomplete is fine) and, for SUBMIT_*_REPORT, checks it and
 * sends it with the seq the page showed: a second click finds the case moved (409) and sends nothing.
 */
async function saveReport(
  user: SessionUser,
  entryId: string,
  step: StepForm,
  entry: { state: string; seq: number; application: Record<string, string> },
  now: Date,
): Promise<ReportResult> {
  const { intent, seq } = step;
  const stage = reportStageIn(entry.state);
  const typed = formValues(step.fields, REPORT_FIELDS);
  const submitting = intent !== "SAVE_REPORT";
  // A page out of date first: a resent report finds the stage gone, but the sender needs to hear that someone acted first.
  if (submitting && seq !== undefined && seq !== entry.seq) return { ok: false, status: 409, intent, errors: { _form: "workflow.error.conflict" }, values: typed };
  if (!stage || (submitting && REPORT_EVENT[stage] !== intent)) return { ok: false, status: 409, intent, errors: { _form: "funding.error.notReportable" }, values: typed };
  const form = parseForm(reportDraftSchema, step.fields);
  if (!form.ok) return { ok: false, status: 400, intent, errors: { _form: "funding.report.invalid", ...form.errors }, values: form.values };
  const draft = form.data as ReportDraft;
  await setCaseFields(entryId, Object.fromEntries(REPORT_FIELDS.map((f) => [`data.reports.${stage}.${f}`, draft[f] ?? ""])));
  if (!submitting) return { ok: true, intent };

  const ref = { caseKind: ENTRY_KIND, caseId: entryId };
  const { lines } = budgetLinesOf(entry.application);
  const attachmentCount = (await attachmentPanel(user, ref)).items.filter((i) => i.use === REPORT_USE[stage] && i.status === "active").length;
  const problems = reportProblems(draft, lines.length, attachmentCount);
  if (Object.keys(problems).length > 0) return { ok: false, status: 400, intent, errors: { _form: "funding.report.missing", ...problems }, values: draft };
  const attachmentIds = await relyOnAttachments(ref, REPORT_USE[stage]);
  try {
    await sendEvent(entryId, { type: REPORT_EVENT[stage], report: reportPayload(draft, lines, attachmentIds) }, { actor: actorOf(user), expectedSeq: Number.isInteger(seq) ? seq : undefined, now });
    return { ok: true, intent };
  } catch (error) {
    if (error instanceof WorkflowError && error.code !== "unknownVersion") {
      return { ok: false, status: error.status, intent, errors: { _form: error.messageKey }, params: error.params as Record<string, string | number>, values: draft };
    }
    throw error;
  }
}

/** The regulator's page of one funded entry: the funding panel, the organization and the history. */
export async function regulatorEntryPage(user: SessionUser, entryId: string) {
  const entry = await loadVisibleEntry(user, entryId);
  const funding = await fundingPanelOf(user, entryId, entry);
  if (!funding || funding.owner) throw new Response("Not Found", { status: 404 });
  const { workflowCase, definition, data, competition } = entry;
  const organization = workflowCase.organizationId ? await Organization.findById(workflowCase.organizationId, { name: 1 }).lean() : null;
  return {
    ...funding,
    title: workflowCase.title,
    organizationName: organization?.name ?? "",
    competitionTitle: competition.title,
    application: { category: data.application.category ?? "", targetGroup: data.application.targetGroup ?? "", expectedBeneficiaries: data.application.expectedBeneficiaries ?? "", community: data.application.community ?? "" },
    ...(await caseTrail(entryId, definition)),
  };
}
