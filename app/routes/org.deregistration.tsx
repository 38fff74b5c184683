import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { FileUpload } from "~/components/file-upload";
import { StatusBadge } from "~/components/register-search";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { DueClock } from "~/components/workflow/due-clock";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { actOnExit, applyForDeregistration, ownDeregistration } from "~/exit-gate/exits.server";
import { formFields, parseStep, readForm, type FieldErrors } from "~/forms/parse-form";
import { getTranslator } from "~/i18n/locale.server";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** 申请注销登记: the organization applies for its own deregistration and follows the case. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  const [page, t] = await Promise.all([ownDeregistration(user), getTranslator(request)]);
  return { ...page, title: `${t("exitGate.apply.title")} · ${t("app.shortName")}` };
}

type Failure = { step: "apply" | "consent"; errors: FieldErrors; params?: Record<string, string | number>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "org");
  const form = formFields(await readForm(request));
  const step = parseStep(form, ["apply", "RECORD_SPONSOR_CONSENT"], "apply");
  if (step.intent === "RECORD_SPONSOR_CONSENT") {
    // The case must be this organization's own (actOnExit answers 404 otherwise).
    const result = await actOnExit(user, form.caseId ?? "", step);
    if (!result.ok) return data<Failure>({ step: "consent", errors: result.errors, params: result.params, values: result.values }, { status: result.status });
    return redirect("/org/deregistration?notice=submitted");
  }
  const result = await applyForDeregistration(user, form);
  if (!result.ok) return data<Failure>({ step: "apply", errors: result.errors, values: result.values }, { status: 400 });
  return redirect("/org/deregistration?notice=created");
}

export default function OwnDeregistration() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const notice = search.get("notice");
  const exit = page.exit;
  const consent = exit && "sponsorConsent" in exit.context ? exit.context.sponsorConsent : null;
  const needsConsent = !!exit && exit.state === "application" && !consent && exit.intents.includes("RECORD_SPONSOR_CONSENT");
  const mine = (step: Failure["step"]) => (failed?.step === step ? failed : null);
  // Consent letters uploaded before applying: sent with the reason, and still here after a refused submit.
  const letters = page.letters?.items.filter((item) => item.use === "sponsorConsent" && item.status === "active") ?? [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/org">{t("workspace.org.title")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{t("exitGate.apply.title")}</h1>
          <p className="muted">
            {page.organization.name} · <span className="mono">{page.organization.uscc}</span>
          </p>
        </div>
        <StatusBadge status={page.organization.status} />
      </div>
      <p className="lead">{t("exitGate.apply.lead")}</p>
      {notice && !failed ? (
        <p className="notice" role="status">
          {t(notice === "created" ? "exitGate.apply.created" : "exitGate.apply.submitted")}
        </p>
      ) : null}

      {page.mayApply ? (
        <section className="panel" aria-labelledby="apply-title">
          <h2 id="apply-title">{t("exitGate.apply.step1")}</h2>
          {mine("apply")?.errors._form ? (
            <p className="alert" role="alert">
              {t(mine("apply")!.errors._form!)}
            </p>
          ) : null}
          {page.letters ? <FileUpload panel={page.letters} use="sponsorConsent" title={t("exitGate.files.consent")} lead={t("exitGate.apply.letterLead")} /> : null}
          <Form method="post" noValidate aria-labelledby="apply-title">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="consentLetters" value={letters.map((l) => l.id).join(",")} />
            <div className="field field--wide">
              <label htmlFor="apply-reason">{t("exitGate.field.reason")}</label>
              <textarea
                id="apply-reason"
                name="reason"
                rows={4}
                maxLength={2000}
                defaultValue={mine("apply")?.values.reason ?? ""}
                aria-describedby="apply-reason-hint apply-reason-error"
                aria-invalid={mine("apply")?.errors.reason ? true : undefined}
              />
              <p className="muted" id="apply-reason-hint">
                {t("exitGate.apply.reasonHint")}
              </p>
              <FieldError id="apply-reason-error" error={mine("apply")?.errors.reason} />
            </div>
            {letters.length ? (
              <div className="field field--wide">
                {letters.map((l) => (
                  <p key={l.id}>{t("exitGate.apply.letterUploaded", { name: l.name })}</p>
                ))}
                <p className="muted">{t("exitGate.apply.letterReplace")}</p>
              </div>
            ) : null}
            <FieldError id="apply-letters-error" error={mine("apply")?.errors.consentLetters} />
            <button type="submit" className="button" disabled={busy}>
              {t("exitGate.apply.start")}
            </button>
          </Form>
        </section>
      ) : null}

      {exit ? (
        <div className="case-layout">
          <div className="case-layout__main">
            <section className="panel" aria-labelledby="progress-title">
              <h2 id="progress-title">{t("exitGate.apply.progress")}</h2>
              <dl className="facts">
                <div>
                  <dt>{t("exitGate.apply.state")}</dt>
                  <dd>
                    <span className={`badge badge--${exit.state}`}>{workflowLabel(t, "deregistration", "state", exit.state)}</span> <DueClock dueAt={exit.dueAt} now={exit.now} />
                  </dd>
                </div>
                <div>
                  <dt>{t("exitGate.field.reason")}</dt>
                  <dd>{"reason" in exit.context ? exit.context.reason : ""}</dd>
                </div>
                {consent ? (
                  <div>
                    <dt>{t("exitGate.field.note")}</dt>
                    <dd>{consent.note}</dd>
                  </div>
                ) : null}
              </dl>
              <p>
                <Link to={`/exits/${exit.id}`}>{t("exitGate.apply.viewCase")}</Link>
              </p>
            </section>

            {needsConsent ? (
              <section className="panel" aria-labelledby="consent-title">
                <h2 id="consent-title">{t("exitGate.apply.step2")}</h2>
                <p className="muted">{t("exitGate.apply.step2Lead")}</p>
                <FileUpload panel={exit.files} use="sponsorConsent" title={t("exitGate.files.consent")} />
                {mine("consent")?.errors._form ? (
                  <p className="alert" role="alert">
                    {t(mine("consent")!.errors._form!, mine("consent")!.params)}
                  </p>
                ) : null}
                <Form method="post" noValidate aria-label={t("exitGate.apply.submit")}>
                  <input type="hidden" name="intent" value="RECORD_SPONSOR_CONSENT" />
                  <input type="hidden" name="caseId" value={exit.id} />
                  <input type="hidden" name="seq" value={exit.seq} />
                  <div className="field field--wide">
                    <label htmlFor="consent-note">{t("deregistration.field.note")}</label>
                    <textarea
                      id="consent-note"
                      name="note"
                      rows={2}
                      maxLength={2000}
                      defaultValue={mine("consent")?.values.note ?? ""}
                      aria-describedby="consent-note-error"
                      aria-invalid={mine("consent")?.errors.note ? true : undefined}
                    />
                    <FieldError id="consent-note-error" error={mine("consent")?.errors.note} />
                  </div>
                  <button type="submit" className="button" disabled={busy}>
                    {t("exitGate.apply.submit")}
                  </button>
                </Form>
              </section>
            ) : (
              // The case's files (the consent letter, later the liquidation report) stay in view.
              <FileUpload
                panel={exit.files}
                use={exit.state === "liquidation" ? "liquidationReport" : "sponsorConsent"}
                title={t(exit.state === "liquidation" ? "exitGate.files.liquidation" : "exitGate.files.consent")}
              />
            )}

            <CaseTimeline entries={exit.history} labelPrefix="deregistration" />
          </div>
          <aside className="case-layout__side">
            <WorkflowDiagram diagram={exit.diagram} current={exit.state} visited={exit.visited} labelPrefix="deregistration" />
          </aside>
        </div>
      ) : null}
    </>
  );
}
