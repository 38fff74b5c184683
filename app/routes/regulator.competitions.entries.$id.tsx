import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { StepButton } from "~/components/workflow/intent-forms";
import { FilesOfUse, ReportView, TrancheTable } from "~/components/competition/funding";
import { FieldError } from "~/components/field";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { ConflictNotice } from "~/components/workflow/conflict-notice";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { isDefaultCategory } from "~/domain/competition";
import { FUNDING_INTENTS, fundingAction, regulatorEntryPage } from "~/competition/funding/funding.server";
import { isMessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useMoney, useTranslation } from "~/i18n/use-translation";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { parseStep, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  return { ...(await regulatorEntryPage(user, params.id!)), documents: await documentsOfCase(user, params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const step = parseStep(await readForm(request), FUNDING_INTENTS);
  const result = await oneRequestPerCase(params.id!, () => fundingAction(user, params.id!, step));
  if (!result.ok && isConflict(result.errors._form)) return conflictRedirect(request, result.intent);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/regulator/competitions/entries/${params.id}?done=${result.intent}`);
}

export default function RegulatorEntry() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failure = failed && !failed.ok ? failed : null;
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const doneKey = `funding.done.${search.get("done")}`;
  const yuan = useMoney();
  const dueUnpaid = page.tranches.filter((tranche) => tranche.due && !tranche.paid);
  const failureFor = (intent: string) => (failure?.intent === intent ? failure : null);
  const formAlert = (intent: string) => {
    const f = failureFor(intent);
    return f?.errors._form ? (
      <p className="alert" role="alert">
        {t(f.errors._form, f.params)}
      </p>
    ) : null;
  };
  return (
    <>
      <p className="muted">
        <Link to={`/regulator/competitions/${page.competitionId}`}>{page.competitionTitle}</Link>
      </p>
      <div className="page-head">
        <div>
          <p className="muted">{page.organizationName}</p>
          <h1>{page.title}</h1>
        </div>
        <span className={`badge badge--${page.state}`}>{workflowLabel(t, "entry", "state", page.state)}</span>
      </div>
      {isMessageKey(doneKey) && !failure ? (
        <p className="notice" role="status">
          {t(doneKey)}
        </p>
      ) : null}
      {!failure ? <ConflictNotice /> : null}
      <div className="case-layout">
        <div className="case-layout__main">
          <section className="panel" aria-labelledby="entry-facts-title">
            <h2 id="entry-facts-title">{t("funding.entry.title")}</h2>
            <dl className="facts">
              <div>
                <dt>{t("entry.field.category")}</dt>
                <dd>{isDefaultCategory(page.application.category) ? t(`competition.category.${page.application.category}`) : page.application.category}</dd>
              </div>
              <div>
                <dt>{t("entry.field.community")}</dt>
                <dd>{page.application.community}</dd>
              </div>
              <div>
                <dt>{t("entry.field.expectedBeneficiaries")}</dt>
                <dd>{page.application.expectedBeneficiaries}</dd>
              </div>
              <div>
                <dt>{t("entry.award")}</dt>
                <dd>{yuan(page.awardFen)}</dd>
              </div>
            </dl>
            <p>
              <Link to={`/org/competitions/entries/${page.entryId}`}>{t("funding.entry.application")}</Link>
            </p>
          </section>

          <TrancheTable funding={page}>
            {dueUnpaid.length > 0 ? (
              <p className="notice">
                {t("funding.tranches.recordOnCompetition", { n: dueUnpaid.map((d) => d.index + 1).join("、") })}{" "}
                <Link to={`/regulator/competitions/${page.competitionId}#tranches-title`}>{t("regulator.competition.disbursements")}</Link>
              </p>
            ) : null}
          </TrancheTable>

          <section className="panel" aria-labelledby="agreement-title">
            <h2 id="agreement-title">{t("funding.agreement.title")}</h2>
            <p className="muted">{t(page.contractedAt ? "funding.agreement.signed" : "funding.agreement.waiting")}</p>
            <FilesOfUse files={page.files} use="agreement" title={t("funding.agreement.files")} />
          </section>

          <ReportView funding={page} stage="midterm" />
          <ReportView funding={page} stage="final" />

          <section className="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{t("funding.actions.title")}</h2>
            {page.intents.length === 0 ? <p className="muted">{t("funding.actions.none")}</p> : null}
            <div className="action-forms">
              {page.intents.map((intent) => {
                const f = failureFor(intent);
                const errors = f?.errors ?? {};
                return (
                  <Form method="post" key={intent} className="action-form" aria-label={t(`entry.event.${intent}`)}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="seq" value={page.seq} />
                    {formAlert(intent)}
                    {intent === "MIDTERM_REVIEW" || intent === "FINAL_REVIEW" ? (
                      <>
                        <fieldset className="field">
                          <legend>{t("funding.review.decision")}</legend>
                          <label>
                            <input type="radio" name="decision" value="pass" defaultChecked={f?.values.decision !== "fail"} /> {t("funding.review.pass")}
                          </label>
                          <label>
                            <input type="radio" name="decision" value="fail" defaultChecked={f?.values.decision === "fail"} /> {t("funding.review.fail")}
                          </label>
                          <FieldError id={`${intent}-decision-error`} error={errors.decision} />
                        </fieldset>
                        <div className="field">
                          <label htmlFor={`${intent}-comment`}>{t("funding.review.comment")}</label>
                          <textarea id={`${intent}-comment`} name="comment" rows={3} maxLength={2000} defaultValue={f?.values.comment ?? ""} />
                          <FieldError id={`${intent}-comment-error`} error={errors.comment} />
                        </div>
                      </>
                    ) : null}
                    {intent === "TERMINATE" ? (
                      <>
                        <div className="field">
                          <label htmlFor="terminate-reason">{t("funding.terminate.reason")}</label>
                          <textarea id="terminate-reason" name="reason" rows={2} maxLength={1000} defaultValue={f?.values.reason ?? ""} />
                          <FieldError id="terminate-reason-error" error={errors.reason} />
                        </div>
                        <div className="field">
                          <label htmlFor="terminate-clawback">{t("funding.terminate.clawback")}</label>
                          <input id="terminate-clawback" name="clawback" inputMode="decimal" defaultValue={f?.values.clawback ?? ""} aria-describedby="terminate-clawback-hint" />
                          <p className="muted" id="terminate-clawback-hint">
                            {t("funding.terminate.clawbackHint", { paid: yuan(page.paidFen) })}
                          </p>
                          <FieldError id="terminate-clawback-error" error={errors.clawback} />
                        </div>
                      </>
                    ) : null}
                    <StepButton area="entry" intent={intent} label={t(`entry.event.${intent}`)} secondary={intent === "TERMINATE"} busy={busy} />
                  </Form>
                );
              })}
            </div>
          </section>

          <DocumentsPanel list={page.documents} />
          <CaseTimeline entries={page.history} labelPrefix="entry" />
        </div>
        <aside className="case-layout__side">
          <WorkflowDiagram diagram={page.diagram} current={page.state} visited={page.visited} labelPrefix="entry" />
        </aside>
      </div>
    </>
  );
}
