import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireUser } from "~/auth/guards.server";
import { ConfirmSubmit } from "~/components/confirm-submit";
import { DataTable } from "~/components/data-table";
import { ChoiceOptions, FieldError } from "~/components/field";
import { FileUpload } from "~/components/file-upload";
import { FilesOfUse, ReportView, TrancheTable } from "~/components/competition/funding";
import { MAX_BUDGET_LINES } from "~/competition/applications/application-form";
import { BUDGET_LINE_CATEGORIES, isDefaultCategory } from "~/domain/competition";
import { entryPage, saveEntry } from "~/competition/applications/entries.server";
import { FUNDING_INTENTS, fundingAction, fundingPanel, type FundingPanel } from "~/competition/funding/funding.server";
import { REPORT_EVENT, REPORT_USE, spentField } from "~/competition/funding/report-form";
import { formatMoney } from "~/i18n/format";
import { isMessageKey, type MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { CreditBadges } from "~/components/credit-badges";
import { ConflictNotice } from "~/components/workflow/conflict-notice";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { parseStep, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [page, funding] = await Promise.all([entryPage(user, params.id!), fundingPanel(user, params.id!)]);
  return { ...page, funding, documents: await documentsOfCase(user, params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const step = parseStep(await readForm(request), [...FUNDING_INTENTS, "SAVE", "SUBMIT"], "SAVE");
  const { intent } = step;
  if (intent !== "SAVE" && intent !== "SUBMIT") {
    const fundingStep = { ...step, intent };
    const result = await oneRequestPerCase(params.id!, () => fundingAction(user, params.id!, fundingStep));
    if (!result.ok && isConflict(result.errors._form)) return conflictRedirect(request, result.intent);
    if (!result.ok) return data({ ...result, area: "funding" as const }, { status: result.status });
    return redirect(`/org/competitions/entries/${params.id}?notice=${result.intent}`);
  }
  const submit = intent === "SUBMIT";
  const result = await saveEntry(user, params.id!, step.fields, submit);
  if (!result.ok) return data({ ...result, area: "application" as const }, { status: result.status });
  return redirect(`/org/competitions/entries/${params.id}?notice=${submit ? "submitted" : "saved"}`);
}

const APPLICATION_USES: string[] = ["proposal", "budget"];

const TEXT: { name: string; multiline?: boolean }[] = [
  { name: "title" },
  { name: "targetGroup" },
  { name: "expectedBeneficiaries" },
  { name: "community" },
  { name: "needAnalysis", multiline: true },
  { name: "objectives", multiline: true },
  { name: "activities", multiline: true },
  { name: "team", multiline: true },
  { name: "requested" },
];

export default function EntryPage() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fundingFailure = actionData?.area === "funding" ? actionData : null;
  const failed = actionData?.area === "application" ? actionData : undefined;
  const [search] = useSearchParams();
  const notice = search.get("notice");
  const noticeKey = notice === "submitted" ? "entry.submitted" : notice === "saved" ? "entry.saved" : `funding.done.${notice}`;
  const values: Record<string, string> = failed && !failed.ok ? failed.values : page.application;
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  const missing = Object.entries(errors).filter(([k]) => k !== "_form");
  return (
    <>
      <p className="muted">
        {/* Regulators read entries here too; their way back is the competition's own page. */}
        <Link to={page.owner ? "/org/competitions" : `/regulator/competitions/${page.competition.id}`}>{page.competition.title}</Link>
      </p>
      <div className="page-head">
        <h1>{page.application.title || t("competition.title")}</h1>
        <p className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, "entry", "state", page.state)}</span>
          <CreditBadges lists={page.creditLists} />
        </p>
      </div>
      {notice && !actionData && isMessageKey(noticeKey) ? (
        <p className="notice" role="status">
          {t(noticeKey)}
        </p>
      ) : null}
      {!actionData ? <ConflictNotice /> : null}
      {errors._form ? (
        <div className="alert" role="alert">
          <p>{t(errors._form)}</p>
          {missing.length > 0 ? (
            <ul>
              {missing.map(([field, key]) => (
                <li key={field}>
                  {field.startsWith("budget") ? t("entry.budget.title") : field === "proposal" || field === "budget" ? t("entry.files.title") : workflowLabel(t, "entry", "field", field)}：{t(key!)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {page.screening && !page.screening.eligible ? (
        <p className="alert">
          {t("entry.screening.reasons")}：{page.screening.reasons.join("、")}
        </p>
      ) : null}
      {page.corrections.length > 0 ? (
        <p className="notice">
          {t("entry.corrections")}：{page.corrections[page.corrections.length - 1]!.items}
        </p>
      ) : null}
      {page.decision?.selected && !page.funding ? <p className="notice">{t("entry.award")}：{formatMoney(page.decision.awardFen, locale)}</p> : null}
      {page.funding ? <FundingSections funding={page.funding} failure={fundingFailure} /> : null}
      {page.documents.items.length > 0 ? <DocumentsPanel list={page.documents} /> : null}
      <section className="panel" aria-labelledby="form-title">
        <h2 id="form-title">{t("competition.title")}</h2>
        <FoldedWhen folded={!!page.funding && page.owner} label={t("funding.entry.application")}>
        <Form method="post" className="form-grid" noValidate>
          <fieldset disabled={!page.editable} className="form-grid">
            <div className="field">
              <label htmlFor="category">{t("entry.field.category")}</label>
              <select id="category" name="category" defaultValue={values.category} {...invalid("category")}>
                <ChoiceOptions values={page.competition.categories} label={(c) => (isDefaultCategory(c) ? t(`competition.category.${c}`) : c)} />
              </select>
              <FieldError id="category-error" error={errors.category} />
            </div>
            {TEXT.map(({ name, multiline }) => (
              <div className="field" key={name}>
                <label htmlFor={name}>{workflowLabel(t, "entry", "field", name)}</label>
                {multiline ? (
                  <textarea id={name} name={name} rows={3} defaultValue={values[name]} {...invalid(name)} />
                ) : (
                  <input id={name} name={name} defaultValue={values[name]} inputMode={name === "requested" || name === "expectedBeneficiaries" ? "decimal" : undefined} {...invalid(name)} />
                )}
                <FieldError id={`${name}-error`} error={errors[name]} />
              </div>
            ))}
            <fieldset className="field--wide-fieldset" aria-describedby="budgetLines-error">
              <legend>{t("entry.budget.title")}</legend>
              <FieldError id="budgetLines-error" error={errors.budgetLines} />
              <DataTable
                rows={Array.from({ length: MAX_BUDGET_LINES }, (_, i) => i)}
                rowKey={(i) => i}
                columns={[
                  {
                    header: t("entry.budget.item"),
                    cell: (i) => (
                      <>
                        <input name={`budgetItem${i}`} aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.item")}`} defaultValue={values[`budgetItem${i}`]} {...invalid(`budgetItem${i}`)} />
                        <FieldError id={`budgetItem${i}-error`} error={errors[`budgetItem${i}`]} />
                      </>
                    ),
                  },
                  {
                    header: t("entry.budget.category"),
                    cell: (i) => (
                      <select name={`budgetCategory${i}`} aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.category")}`} defaultValue={values[`budgetCategory${i}`]}>
                        <ChoiceOptions values={BUDGET_LINE_CATEGORIES} label={(c) => t(`competition.budgetCategory.${c}`)} />
                      </select>
                    ),
                  },
                  {
                    header: t("entry.budget.amount"),
                    cell: (i) => <input name={`budgetAmount${i}`} inputMode="decimal" aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.amount")}`} defaultValue={values[`budgetAmount${i}`]} />,
                  },
                ]}
              />
            </fieldset>
            {page.editable ? (
              <div className="form-actions">
                <button type="submit" name="intent" value="SAVE" className="button button--secondary">
                  {t("entry.saveDraft")}
                </button>
                <ConfirmSubmit label={t(page.state === "returned" ? "entry.event.RESUBMIT" : "entry.event.SUBMIT")} consequence={t("confirm.entry.SUBMIT")} name="intent" value="SUBMIT" />
              </div>
            ) : null}
          </fieldset>
        </Form>
        </FoldedWhen>
      </section>
      <FileUpload panel={{ ...page.files, items: page.files.items.filter((item) => APPLICATION_USES.includes(item.use)) }} use="proposal" title={t("entry.files.title")} />
      {page.editable ? <FileUpload panel={page.files} use="budget" title={t("entry.budget.title")} /> : null}
      <FieldError id="proposal-error" error={errors.proposal} />
      <FieldError id="budget-error" error={errors.budget} />
    </>
  );
}

/** After the award the application is history: folded away, one click to open. */
function FoldedWhen({ folded, label, children }: { folded: boolean; label: string; children: ReactNode }) {
  if (!folded) return <>{children}</>;
  return (
    <details>
      <summary>{label}</summary>
      {children}
    </details>
  );
}

type FundingFailure = { intent: string; errors: Partial<Record<string, MessageKey>>; values: Record<string, string>; params?: Record<string, string | number> } | null;

/** After the award: the agreement, the tranches, the report to write now and the reports sent. */
function FundingSections({ funding, failure }: { funding: FundingPanel; failure: FundingFailure }) {
  const { t } = useTranslation();
  const signing = funding.intents.includes("SIGN_AGREEMENT");
  const signFailure = failure?.intent === "SIGN_AGREEMENT" ? failure : null;
  return (
    <>
      {funding.regulatorView ? (
        <p className="notice">
          <Link to={`/regulator/competitions/entries/${funding.entryId}`}>{t("funding.entry.regulatorPage")}</Link>
        </p>
      ) : null}
      <TrancheTable funding={funding} />
      <section className="panel" aria-labelledby="agreement-title">
        <h2 id="agreement-title">{t("funding.agreement.title")}</h2>
        <p className="muted">{t(signing ? "funding.agreement.lead" : "funding.agreement.signed")}</p>
        <FilesOfUse files={funding.files} use="agreement" title={t("funding.agreement.files")} />
        {signing ? (
          <Form method="post" className="action-form" aria-label={t("entry.event.SIGN_AGREEMENT")}>
            <input type="hidden" name="seq" value={funding.seq} />
            {signFailure?.errors._form ? (
              <p className="alert" role="alert">
                {t(signFailure.errors._form, signFailure.params)}
              </p>
            ) : null}
            <ConfirmSubmit label={t("entry.event.SIGN_AGREEMENT")} confirmLabel={t("entry.event.SIGN_AGREEMENT")} consequence={t("confirm.entry.SIGN_AGREEMENT")} name="intent" value="SIGN_AGREEMENT" />
          </Form>
        ) : null}
      </section>
      {funding.reportForm ? <ReportForm funding={funding} failure={failure} /> : null}
      <ReportView funding={funding} stage="midterm" />
      <ReportView funding={funding} stage="final" />
    </>
  );
}

function ReportForm({ funding, failure }: { funding: FundingPanel; failure: FundingFailure }) {
  const { t, locale } = useTranslation();
  const { stage, draft } = funding.reportForm!;
  const mine = failure && (failure.intent === "SAVE_REPORT" || failure.intent === REPORT_EVENT[stage]) ? failure : null;
  const values = mine ? { ...draft, ...mine.values } : draft;
  const errors = mine?.errors ?? {};
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  const missing = Object.entries(errors).filter(([k]) => k !== "_form");
  const label = (field: string) => {
    if (field.startsWith("spent")) return t("funding.report.spentOn", { item: funding.lines[Number(field.slice(5))]?.item ?? "" });
    if (field === "files") return t("funding.report.files");
    const key = `funding.report.${field}`;
    return isMessageKey(key) ? t(key) : field;
  };
  return (
    <section className="panel" aria-labelledby="report-form-title">
      <h2 id="report-form-title">{t(`funding.report.title.${stage}`)}</h2>
      <p className="muted">{t("funding.report.lead")}</p>
      {errors._form ? (
        <div className="alert" role="alert">
          <p>{t(errors._form, mine?.params)}</p>
          {missing.length > 0 ? (
            <ul>
              {missing.map(([field, key]) => (
                <li key={field}>
                  {label(field)}：{t(key!)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" className="report-form" noValidate aria-label={t(`funding.report.title.${stage}`)}>
        <input type="hidden" name="seq" value={funding.seq} />
        <div className="field">
          <label htmlFor="narrative">{t("funding.report.narrative")}</label>
          <textarea id="narrative" name="narrative" rows={6} maxLength={5000} defaultValue={values.narrative} placeholder={t("funding.report.narrativeHint")} {...invalid("narrative")} />
          <FieldError id="narrative-error" error={errors.narrative} />
        </div>
        <div className="field">
          <label htmlFor="beneficiaries">{t("funding.report.beneficiaries")}</label>
          <input id="beneficiaries" name="beneficiaries" inputMode="numeric" defaultValue={values.beneficiaries} {...invalid("beneficiaries")} />
          <FieldError id="beneficiaries-error" error={errors.beneficiaries} />
        </div>
        <fieldset className="field--wide-fieldset">
          <legend>{t("funding.report.spending")}</legend>
          <DataTable
            rows={funding.lines}
            rowKey={(_, i) => i}
            columns={[
              { header: t("entry.budget.item"), cell: (line) => line.item },
              { header: t("funding.report.budget"), cell: (line) => formatMoney(line.amountFen, locale) },
              {
                header: t("funding.report.spentYuan"),
                cell: (_, i) => (
                  <>
                    <input name={spentField(i)} inputMode="decimal" aria-label={label(spentField(i))} defaultValue={values[spentField(i)]} {...invalid(spentField(i))} />
                    <FieldError id={`${spentField(i)}-error`} error={errors[spentField(i)]} />
                  </>
                ),
              },
            ]}
          />
        </fieldset>
        <div className="form-actions">
          <button type="submit" name="intent" value="SAVE_REPORT" className="button button--secondary">
            {t("entry.saveDraft")}
          </button>{" "}
          <button type="submit" name="intent" value={REPORT_EVENT[stage]} className="button">
            {t(`entry.event.${REPORT_EVENT[stage]}`)}
          </button>
        </div>
      </Form>
      <FilesOfUse files={funding.files} use={REPORT_USE[stage]} title={t(`attachments.use.${REPORT_USE[stage]}`)} />
      <FieldError id="files-error" error={errors.files} />
    </section>
  );
}
