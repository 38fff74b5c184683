/**
 * Annual report cases: who may see and do what, the report form (drafts kept in case data),
 * the completeness check before filing, and the read models of the case page and lists.
 */
import mongoose from "mongoose";
import { Attachment } from "@models/attachment";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { annualReportMachine } from "@machines/annual-report.machine";
import { attachmentPanel } from "~/attachments/attachments.server";
import type { SessionUser } from "~/auth/guards.server";
import { checkFoundationSpending, endOfBeijingDay } from "~/domain/annual-report";
import { parseForm, type FieldErrors, type FormFields, type StepForm } from "~/forms/parse-form";
import { parseYuanToFen } from "~/i18n/format";
import { eventsHandledIn, machineEvents } from "~/workflow/describe";
import { casesChanged } from "~/workflow/engine.server";
import { caseTrail, type IntentResult, loadCaseOr404, runIntent } from "~/workflow/intents.server";
import { reportAccess } from "./annual-report-attachments.server";
import { ANNUAL_REPORT_KIND, annualReportCases } from "./annual-report-workflow.server";
import { activeListsOf } from "./credit-lists.server";
import { EMPTY_REPORT, INTENT_FIELDS, ORG_EVENTS, REGULATOR_EVENTS, reportCompleteSchema, reportDraftSchema, type ReportDraft } from "./report-form";
import { REPORT_FORM_EDITABLE_STATES } from "@machines/annual-report.machine";
import { isOneOf } from "~/domain/vocabulary";


async function loadVisibleReport(user: SessionUser, caseId: string, pageSeq?: number) {
  const loaded = await loadCaseOr404(caseId, [ANNUAL_REPORT_KIND], (c) => reportAccess(user, c) === true, pageSeq);
  return { ...loaded, owner: user.role === "org" };
}

/** The report as drafted so far, every field present. */
function reportOf(workflowCase: { data?: unknown }): ReportDraft {
  return { ...EMPTY_REPORT, ...annualReportCases.dataOf(workflowCase).report };
}

const fen = (v: string) => parseYuanToFen(v) ?? 0;

/** A foundation's public-welfare spending check (基金会管理条例第二十九条), from the report's figures and the register's qualification. */
function spendingOf(report: ReportDraft, organization: { type?: string; publicFundraising?: boolean } | null) {
  if (organization?.type !== "foundation") return null;
  return checkFoundationSpending(
    {
      incomeFen: fen(report.income),
      spendingFen: fen(report.spending),
      publicWelfareSpendingFen: fen(report.publicWelfareSpending),
      netAssetsFen: fen(report.netAssets),
      previousYearIncomeFen: fen(report.previousYearIncome),
      previousYearNetAssetsFen: fen(report.previousYearNetAssets),
    },
    organization.publicFundraising === true,
  );
}

export type SaveResult = { ok: true } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function saveReport(user: SessionUser, caseId: string, fields: FormFields): Promise<SaveResult> {
  const { workflowCase, owner } = await loadVisibleReport(user, caseId);
  if (!owner) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(reportDraftSchema, fields);
  if (!form.ok) return form;
  if (!isOneOf(REPORT_FORM_EDITABLE_STATES, workflowCase.state)) {
    return { ok: false, errors: { _form: "annualReport.report.notEditable" }, values: { ...form.data } };
  }
  await WorkflowCase.updateOne({ _id: workflowCase._id }, { $set: { "data.report": form.data } });
  await casesChanged(ANNUAL_REPORT_KIND);
  return { ok: true };
}

export type ActResult = IntentResult;

const countFiles = (caseId: string, since?: string) =>
  Attachment.countDocuments({
    caseKind: ANNUAL_REPORT_KIND,
    caseId,
    use: "annualReport",
    status: "active",
    ...(since ? { uploadedAt: mongoose.trusted({ $gt: new Date(since) }) } : {}),
  });

/** The steps a report's page may send: the machine's events (who may send which is checked per user). */
export const ANNUAL_REPORT_INTENTS = machineEvents(annualReportMachine);

export async function act(user: SessionUser, caseId: string, step: StepForm): Promise<IntentResult> {
  const { workflowCase, owner, snapshot } = await loadVisibleReport(user, caseId, step.seq);
  return runIntent(user, caseId, step, (intent) => ({
    allowed: (owner && (ORG_EVENTS as readonly string[]).includes(intent)) || (user.role === "regulator" && (REGULATOR_EVENTS as readonly string[]).includes(intent)),
    schema: INTENT_FIELDS[intent as keyof typeof INTENT_FIELDS],
    payload: async (fields) => {
      if (intent === "OPEN_RECTIFICATION") return { ...fields, deadline: endOfBeijingDay(String(fields.deadline)).toISOString() };
      // The conclusion keeps the spending check it was made on (foundations), so it stays as concluded.
      if (intent === "CONCLUDE") {
        const organization = await Organization.findById(workflowCase.organizationId, { type: 1, publicFundraising: 1 }).lean();
        return { ...fields, spending: spendingOf(reportOf(workflowCase), organization) };
      }
      if (intent === "ANSWER_RECTIFICATION") {
        const context = annualReportCases.contextOf(snapshot);
        return { ...fields, evidenceCount: await countFiles(caseId, context.rectification?.openedAt) };
      }
      if (intent !== "SUBMIT" && intent !== "RESUBMIT") return fields;
      const report = reportOf(workflowCase);
      const errors: FieldErrors = {};
      const complete = reportCompleteSchema.safeParse(report);
      if (!complete.success) for (const issue of complete.error.issues) errors[String(issue.path[0])] ??= issue.message as never;
      if ((await countFiles(caseId)) === 0) errors._files = "dailyGate.report.filesRequired";
      return Object.keys(errors).length ? { refuse: { _form: "workflow.guard.reportComplete", ...errors } } : { complete: true };
    },
  }));
}

export async function reportPage(user: SessionUser, caseId: string, now = new Date()) {
  const { workflowCase, definition, snapshot, owner } = await loadVisibleReport(user, caseId);
  const context = annualReportCases.contextOf(snapshot);
  const handled = eventsHandledIn(definition.machine, snapshot);
  const intents = handled.filter(
    (e) => (owner && (ORG_EVENTS as readonly string[]).includes(e)) || (user.role === "regulator" && (REGULATOR_EVENTS as readonly string[]).includes(e)),
  );
  const [trail, files, organization] = await Promise.all([
    caseTrail(caseId, definition),
    attachmentPanel(user, { caseKind: ANNUAL_REPORT_KIND, caseId }),
    Organization.findById(workflowCase.organizationId, { name: 1, uscc: 1, type: 1, district: 1, status: 1, publicFundraising: 1 }).lean(),
  ]);
  const lists = organization ? ((await activeListsOf([String(organization._id)]))[String(organization._id)] ?? []) : [];
  const report = reportOf(workflowCase);
  const orgType = organization?.type ?? annualReportCases.dataOf(workflowCase).orgType ?? "";
  return {
    id: caseId,
    seq: workflowCase.seq,
    state: workflowCase.state,
    owner,
    editable: owner && isOneOf(REPORT_FORM_EDITABLE_STATES, workflowCase.state),
    report,
    orgType,
    organization: organization
      ? { id: String(organization._id), name: organization.name, uscc: organization.uscc, status: organization.status, publicFundraising: organization.publicFundraising ?? false, lists }
      : null,
    spending: spendingOf(report, organization),
    context,
    dueAt: workflowCase.dueAt ? workflowCase.dueAt.toISOString() : null,
    intents,
    files,
    ...trail,
    now: now.toISOString(),
  };
}

/** The organization's own reports, newest year first. */
export async function myReports(user: SessionUser) {
  if (user.role !== "org" || !user.organizationId) throw new Response("Forbidden", { status: 403 });
  const rows = (await WorkflowCase.find(
    { kind: ANNUAL_REPORT_KIND, organizationId: new mongoose.Types.ObjectId(user.organizationId) },
    { state: 1, dueAt: 1, "data.year": 1 },
  )
    .sort({ "data.year": -1 })
    .limit(50)
    .lean()) as unknown as { _id: unknown; state: string; dueAt?: Date; data?: { year?: number } }[];
  return rows.map((r) => ({ id: String(r._id), year: r.data?.year ?? 0, state: r.state, dueAt: r.dueAt ? r.dueAt.toISOString() : null }));
}
