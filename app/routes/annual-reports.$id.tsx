import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ConfirmSubmit } from "~/components/confirm-submit";
import { FieldError } from "~/components/field";
import { FileUpload } from "~/components/file-upload";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { DueClock } from "~/components/workflow/due-clock";
import { CreditBadges } from "~/components/credit-badges";
import { IntentForms, type FieldChoices } from "~/components/workflow/intent-forms";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { act, ANNUAL_REPORT_INTENTS, reportPage, saveReport } from "~/daily-gate/annual-reports.server";
import { INTENT_FIELD_NAMES, MONEY_FIELDS } from "~/daily-gate/report-form";
import { formatDate, formatTypedYuan } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { parseStep, readForm } from "~/forms/parse-form";
import { ANNUAL_REPORT_RESULTS } from "@machines/annual-report.machine";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await reportPage(user, params.id!)), documents: await documentsOfCase(user, params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const step = parseStep(await readForm(request), [...ANNUAL_REPORT_INTENTS, "SAVE_REPORT"]);
  const { intent } = step;
  // The report form saves first, whichever of its buttons was pressed: submitting never loses what was typed.
  if (intent === "SAVE_REPORT" || (REPORT_SUBMIT_INTENTS as readonly string[]).includes(intent)) {
    const saved = await saveReport(user, params.id!, step.fields);
    if (!saved.ok) return data({ kind: "draft" as const, ...saved }, { status: 400 });
    if (intent === "SAVE_REPORT") return redirect(`/annual-reports/${params.id}?notice=saved`);
  }
  const result = await oneRequestPerCase(params.id!, () => act(user, params.id!, step));
  if (!result.ok && isConflict(result.errors._form)) return conflictRedirect(request, result.intent);
  if (!result.ok) return data({ kind: "step" as const, ...result }, { status: result.status });
  return redirect(`/annual-reports/${params.id}?done=${result.intent}`);
}

const ratioText = (basisPoints: number | null) => (basisPoints === null ? "—" : (basisPoints / 100).toFixed(2));

/** A foundation's spending ratio against its rule (基金会管理条例第二十九条), flagged when missed. */
function SpendingCheck({ spending, publicFundraising }: { spending: { rule: "publicFundraising" | "nonPublicFundraising"; minPercent: number; ratioBasisPoints: number | null; meets: boolean }; publicFundraising: boolean }) {
  const { t } = useTranslation();
  const basis = t(`annualReport.spending.${spending.rule}`);
  return (
    <div className={spending.meets ? "notice" : "alert"} role="status">
      <p>
        <strong>{t("annualReport.spending.title")}</strong> · {t("annualReport.spending.qualification", { value: t(publicFundraising ? "common.yes" : "common.no") })}
      </p>
      <p>
        {spending.ratioBasisPoints === null
          ? t("annualReport.spending.noBasis", { basis })
          : t(spending.meets ? "annualReport.spending.meets" : "annualReport.spending.below", { ratio: ratioText(spending.ratioBasisPoints), min: spending.minPercent, basis })}
      </p>
      <p className="muted">{t("annualReport.spending.rule", { rule: t(`annualReport.spending.rule.${spending.rule}`) })}</p>
    </div>
  );
}

/** The report form's own submit buttons (the report is saved before the step is taken). */
const REPORT_SUBMIT_INTENTS = ["SUBMIT", "RESUBMIT"] as const;

const RESULT_CHOICES: FieldChoices = { result: ANNUAL_REPORT_RESULTS.map((r) => ({ value: r, label: `annualReport.state.${r}` })) };

export default function AnnualReportCase() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const draftFailure = failed?.kind === "draft" ? failed : null;
  const stepFailure = failed?.kind === "step" ? failed : null;
  const values: Record<string, string> = draftFailure?.values ?? page.report;
  const errors = draftFailure?.errors ?? stepFailure?.errors ?? {};
  const rect = page.context.rectification;
  // Submitting is a button of the report form itself (it saves first), not a separate form.
  const submitIntent = page.editable ? REPORT_SUBMIT_INTENTS.find((i) => page.intents.includes(i)) : undefined;
  const stepIntents = submitIntent ? page.intents.filter((i) => i !== submitIntent) : page.intents;
  const submitFailure = submitIntent && stepFailure?.intent === submitIntent ? stepFailure : null;
  const textField = (name: "activities" | "partyBuilding" | "staffCount" | (typeof MONEY_FIELDS)[number], multiline = false) => (
    <div className={`field${multiline ? " field--wide" : ""}`} key={name}>
      <label htmlFor={name}>{t(`annualReport.field.${name}`)}</label>
      {multiline ? (
        <textarea id={name} name={name} rows={4} defaultValue={values[name] ?? ""} aria-invalid={errors[name] ? true : undefined} />
      ) : (
        <input id={name} name={name} defaultValue={values[name] ?? ""} inputMode={name === "staffCount" ? "numeric" : "decimal"} aria-invalid={errors[name] ? true : undefined} />
      )}
      <FieldError id={`${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">{t("annualReport.title", { year: page.context.year })}</p>
          <h1>{page.organization?.name ?? ""}</h1>
          {page.organization ? <CreditBadges lists={page.organization.lists} /> : null}
        </div>
        <div className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, "annualReport", "state", page.state)}</span>
          <DueClock dueAt={page.dueAt} now={page.now} />
        </div>
      </div>
      {done && !failed ? (
        <p className="notice" role="status">
          {t("workflow.done", { action: workflowLabel(t, "annualReport", "event", done) })}
        </p>
      ) : null}
      {search.get("notice") === "saved" && !failed ? (
        <p className="notice" role="status">
          {t("annualReport.saved")}
        </p>
      ) : null}
      <p className="muted">
        {t("annualReport.deadlines", { sponsor: formatDate(page.context.sponsorDeadline, locale), registry: formatDate(page.context.registryDeadline, locale) })}
      </p>
      <div className="case-layout">
        <div className="case-layout__main">
          <section className="panel" aria-labelledby="report-title">
            <h2 id="report-title">{t("annualReport.section.report")}</h2>
            {page.editable ? (
              <Form method="post" noValidate className="form-grid" aria-label={t("annualReport.section.report")}>
                <input type="hidden" name="seq" value={page.seq} />
                {submitFailure?.errors._form ? (
                  <p className="alert field--wide" role="alert">
                    {t(submitFailure.errors._form, submitFailure.params)}
                  </p>
                ) : null}
                {textField("activities", true)}
                {textField("partyBuilding", true)}
                {textField("staffCount")}
                {MONEY_FIELDS.map((f) => textField(f))}
                <div className="field--wide form-actions">
                  <button type="submit" name="intent" value="SAVE_REPORT" className="button button--secondary">
                    {t("annualReport.save")}
                  </button>
                  {submitIntent ? (
                    <ConfirmSubmit label={t(`annualReport.event.${submitIntent}`)} consequence={t("confirm.annualReport.SUBMIT")} name="intent" value={submitIntent} />
                  ) : null}
                </div>
              </Form>
            ) : (
              <dl className="facts">
                {(["activities", "partyBuilding", "staffCount", ...MONEY_FIELDS] as const).map((f) => (
                  <div key={f}>
                    <dt>{t(`annualReport.field.${f}`)}</dt>
                    <dd>{MONEY_FIELDS.includes(f as never) ? formatTypedYuan(page.report[f] ?? "", locale) : page.report[f]}</dd>
                  </div>
                ))}
              </dl>
            )}
            {page.spending ? <SpendingCheck spending={page.spending} publicFundraising={page.organization?.publicFundraising ?? false} /> : null}
            {errors._files ? (
              <p className="alert" role="alert">
                {t(errors._files)}
              </p>
            ) : null}
          </section>
          <FileUpload panel={page.files} use="annualReport" title={t("annualReport.files.title")} lead={t("annualReport.files.lead")} />
          {page.context.sponsorOpinion || page.context.corrections.length || page.context.result ? (
            <section className="panel">
              <h2>{t("annualReport.section.review")}</h2>
              <dl className="facts">
                {page.context.sponsorOpinion ? (
                  <div>
                    <dt>{t("annualReport.field.opinion")}</dt>
                    <dd>{page.context.sponsorOpinion.opinion}</dd>
                  </div>
                ) : null}
                {page.context.corrections.map((c) => (
                  <div key={c.at}>
                    <dt>
                      {t("annualReport.field.items")} · {formatDate(c.at, locale)}
                    </dt>
                    <dd>{c.items}</dd>
                  </div>
                ))}
                {page.context.result ? (
                  <div>
                    <dt>{t("annualReport.field.result")}</dt>
                    <dd>
                      {t(`annualReport.state.${page.context.result}`)} {page.context.conclusionNote}
                      {page.context.spending ? (
                        <span className={page.context.spending.meets ? "" : "field__error"}>
                          {" "}
                          {t("annualReport.spending.atConclusion", {
                            ratio: ratioText(page.context.spending.ratioBasisPoints),
                            min: page.context.spending.minPercent,
                            verdict: t(page.context.spending.meets ? "annualReport.spending.verdict.meets" : "annualReport.spending.verdict.below"),
                          })}
                        </span>
                      ) : null}
                    </dd>
                  </div>
                ) : null}
              </dl>
            </section>
          ) : null}
          {rect ? (
            <section className="panel" aria-labelledby="rect-title">
              <h2 id="rect-title">{t("annualReport.section.rectification")}</h2>
              <dl className="facts">
                <div>
                  <dt>{t("annualReport.field.items")}</dt>
                  <dd>{rect.items}</dd>
                </div>
                <div>
                  <dt>{t("annualReport.field.deadline")}</dt>
                  <dd>{formatDate(rect.deadline, locale)}</dd>
                </div>
                {rect.answer ? (
                  <div>
                    <dt>{t("annualReport.field.answer")}</dt>
                    <dd>{rect.answer}</dd>
                  </div>
                ) : null}
                {rect.outcome ? (
                  <div>
                    <dt>{t("annualReport.field.outcome")}</dt>
                    <dd>{t(`annualReport.outcome.${rect.outcome}`)}</dd>
                  </div>
                ) : null}
              </dl>
            </section>
          ) : null}
          <IntentForms
            intents={stepIntents}
            fieldNames={INTENT_FIELD_NAMES}
            labelPrefix="annualReport"
            seq={page.seq}
            failure={submitFailure ? null : stepFailure}
            choices={RESULT_CHOICES}
            dateFields={["deadline"]}
            secondary={["RETURN_FOR_CORRECTION", "ESCALATE"]}
          />
          <DocumentsPanel list={page.documents} />
          <CaseTimeline entries={page.history} labelPrefix="annualReport" />
        </div>
        <aside className="case-layout__side">
          {page.organization && page.owner === false ? (
            <p>
              <Link to={`/regulator/organizations/${page.organization.id}`}>{t("annualReport.viewOrganization")}</Link>
            </p>
          ) : null}
          <WorkflowDiagram diagram={page.diagram} current={page.state} visited={page.visited} labelPrefix="annualReport" />
        </aside>
      </div>
    </>
  );
}
