import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FileUpload } from "~/components/file-upload";
import { ApplicationForm } from "~/components/workflow/application-form";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { DueClock } from "~/components/workflow/due-clock";
import { ProvisionalCalendarNote } from "~/components/provisional-calendar-note";
import { IntentForms } from "~/components/workflow/intent-forms";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { REGISTRATION_PERIODS } from "@machines/registration.machine";
import { DISTRICTS } from "~/domain/organization";
import { formatDate, formatMoney, parseYuanToFen } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { INTENT_FIELD_NAMES } from "~/registration/registration-intents";
import { act, REGISTRATION_INTENTS, registrationCasePage, revealApplicationField, saveDraft } from "~/registration/registration.server";
import { PersonalValue } from "~/components/personal-value";
import { APPLICATION_PERSONAL_FIELDS, FOUNDER_ROWS } from "~/registration/application-form";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { formFields, parseStep, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await registrationCasePage(user, params.id!)), documents: await documentsOfCase(user, params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = formFields(await readForm(request));
  const step = parseStep(form, [...REGISTRATION_INTENTS, "showPersonal", "SAVE_DRAFT"]);
  if (step.intent === "showPersonal") {
    return data({ kind: "reveal" as const, revealed: await revealApplicationField(user, params.id!, form.field ?? "") });
  }
  if (step.intent === "SAVE_DRAFT") {
    const saved = await saveDraft(user, params.id!, form);
    if (!saved.ok) return data({ kind: "draft" as const, ...saved }, { status: 400 });
    return redirect(`/registrations/${params.id}?notice=saved`);
  }
  const caseStep = { ...step, intent: step.intent };
  const result = await oneRequestPerCase(params.id!, () => act(user, params.id!, caseStep));
  if (!result.ok && isConflict(result.errors._form)) return conflictRedirect(request, result.intent);
  if (!result.ok) return data({ kind: "step" as const, ...result }, { status: result.status });
  return redirect(`/registrations/${params.id}?done=${result.intent}`);
}

export default function RegistrationCase() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const notice = search.get("notice");
  const district = DISTRICTS.find((d) => d.code === page.application.district);
  const stepFailure = failed?.kind === "step" ? failed : null;
  const revealed = failed?.kind === "reveal" ? failed.revealed : null;
  const capitalFen = parseYuanToFen(page.application.registeredCapital);
  const draftFailure = failed?.kind === "draft" ? failed : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">{t("registration.title")}</p>
          <h1>{page.application.proposedName}</h1>
        </div>
        <div className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, "registration", "state", page.state)}</span>
          <DueClock dueAt={page.dueAt} now={page.now} />
          {/* Only the founding meeting's deadline moves over rest days; the review periods are plain days. */}
          <ProvisionalCalendarNote deadline={page.state === "preparing" ? page.dueAt : null} />
        </div>
      </div>
      {page.owner ? <ApplicantDeadline state={page.state} dueAt={page.dueAt} orgType={page.context.orgType} /> : null}
      {done && !failed ? (
        <p className="notice" role="status">
          {t("workflow.done", { action: workflowLabel(t, "registration", "event", done) })}
        </p>
      ) : null}
      {notice && !failed ? (
        <p className="notice" role="status">
          {t(notice === "created" ? "registration.created" : "registration.saved")}
        </p>
      ) : null}
      {page.uscc ? (
        <p className="notice">
          {t("registration.registeredAs", { uscc: page.uscc })} · <Link to={`/directory/${page.uscc}`}>{t("registration.viewInRegister")}</Link>
        </p>
      ) : null}

      <div className="case-layout">
        <div className="case-layout__main">
          <section className="panel" aria-labelledby="application-title">
            <h2 id="application-title">{t("registration.title")}</h2>
            {page.editable ? (
              <ApplicationForm
                values={draftFailure?.values ?? page.formValues}
                errors={draftFailure?.errors ?? (stepFailure?.errors as never)}
                intent="SAVE_DRAFT"
                submitLabel="registration.saveDraft"
                typeLocked
                masked={page.application}
              />
            ) : (
              <dl className="facts">
                <div>
                  <dt>{t("registration.field.orgType")}</dt>
                  <dd>{t(`orgType.${page.application.orgType}`)}</dd>
                </div>
                <div>
                  <dt>{t("registration.field.district")}</dt>
                  <dd>{district ? (locale === "zh-CN" ? district.zh : district.en) : ""}</dd>
                </div>
                <div>
                  <dt>{t("registration.field.registeredCapital")}</dt>
                  <dd>{capitalFen === null ? page.application.registeredCapital : formatMoney(capitalFen, locale)}</dd>
                </div>
                {(["legalRepresentative", "domicile", "contactPhone", "sponsoringUnit", "businessScope"] as const).map((field) => (
                  <div key={field}>
                    {/* Read-only: the form's "(optional)" hint does not belong here. */}
                    <dt>{t(field === "sponsoringUnit" ? "registration.readOnly.sponsoringUnit" : (`registration.field.${field}`))}</dt>
                    <dd>{field in APPLICATION_PERSONAL_FIELDS ? <PersonalValue field={field} masked={page.application[field]} revealed={revealed} /> : page.application[field]}</dd>
                  </div>
                ))}
                {(["legalRepresentativeIdNumber", "legalRepresentativeMobile"] as const).map((field) => (
                  <div key={field}>
                    <dt>{t(`personal.field.${field}`)}</dt>
                    <dd>
                      <PersonalValue field={field} masked={page.application[field]} revealed={revealed} />
                    </dd>
                  </div>
                ))}
                {FOUNDER_ROWS.filter((n) => page.application[`founder${n}Name`]).map((n) => (
                  <div key={n}>
                    <dt>{t("personal.founder", { n })}</dt>
                    <dd>
                      {page.application[`founder${n}Name`]} · <PersonalValue field={`founder${n}IdNumber`} masked={page.application[`founder${n}IdNumber`]} revealed={revealed} /> ·{" "}
                      <PersonalValue field={`founder${n}Mobile`} masked={page.application[`founder${n}Mobile`]} revealed={revealed} />
                    </dd>
                  </div>
                ))}
                {page.context.foundingMeetingAt ? (
                  <div>
                    <dt>{t("registration.field.foundingMeetingAt")}</dt>
                    <dd>{formatDate(page.context.foundingMeetingAt, locale)}</dd>
                  </div>
                ) : null}
                {page.context.sponsorOpinion ? (
                  <div>
                    <dt>{t("registration.field.sponsorOpinion")}</dt>
                    <dd>{page.context.sponsorOpinion.opinion}</dd>
                  </div>
                ) : null}
              </dl>
            )}
          </section>

          <FileUpload panel={page.files} use="registrationFile" title={t("registration.files.title")} lead={t("registration.files.lead")} />
          {stepFailure?.errors.files ? (
            <p className="alert" role="alert">
              {t(stepFailure.errors.files)}
            </p>
          ) : null}

          <IntentForms
            intents={page.intents}
            fieldNames={INTENT_FIELD_NAMES as Record<string, string[]>}
            labelPrefix="registration"
            seq={page.seq}
            failure={stepFailure}
            dateFields={["meetingDate"]}
            secondary={["DENY", "WITHDRAW"]}
          />

          {page.context.corrections.length ? (
            <section className="panel">
              <h2>{t("registration.field.corrections")}</h2>
              <ul>
                {page.context.corrections.map((c) => (
                  <li key={c.at}>
                    {formatDate(c.at, locale)}：{c.items}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <DocumentsPanel list={page.documents} />
          <CaseTimeline entries={page.history} labelPrefix="registration" />
        </div>
        <aside className="case-layout__side">
          <WorkflowDiagram diagram={page.diagram} current={page.state} visited={page.visited} labelPrefix="registration" />
        </aside>
      </div>
    </>
  );
}

/** What the applicant waits for, and until when: the authority's statutory clock, or their own. */
function ApplicantDeadline({ state, dueAt, orgType }: { state: string; dueAt: string | null; orgType: keyof typeof REGISTRATION_PERIODS.review }) {
  const { t, locale } = useTranslation();
  const date = dueAt ? formatDate(dueAt, locale) : "";
  if (state === "preparing" && dueAt)
    return (
      <p className="notice">
        {t("registration.deadline.foundingMeeting", { date })} <ProvisionalCalendarNote deadline={dueAt} />
      </p>
    );
  if ((state === "review" || state === "preparationReview") && dueAt) return <p className="notice">{t("registration.deadline.decision", { date })}</p>;
  if (state === "submitted") return <p className="notice">{t("registration.deadline.afterAcceptance", { days: REGISTRATION_PERIODS.review[orgType].days })}</p>;
  if (state === "correction") return <p className="notice">{t("registration.deadline.correction")}</p>;
  return null;
}
