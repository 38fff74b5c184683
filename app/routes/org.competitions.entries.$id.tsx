import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { FileUpload } from "~/components/file-upload";
import { MAX_BUDGET_LINES } from "~/competition/application-form";
import { BUDGET_LINE_CATEGORIES, isDefaultCategory } from "~/competition/domain";
import { entryPage, saveEntry } from "~/competition/entries.server";
import { fenToYuanString } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { CreditBadges } from "~/components/credit-badges";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return entryPage(user, params.id!);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const submit = formData.get("intent") === "SUBMIT";
  const result = await saveEntry(user, params.id!, formData, submit);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/org/competitions/entries/${params.id}?notice=${submit ? "submitted" : "saved"}`);
}

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
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const notice = search.get("notice");
  const values: Record<string, string> = failed && !failed.ok ? failed.values : page.application;
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  const missing = Object.entries(errors).filter(([k]) => k !== "_form");
  return (
    <>
      <p className="muted">
        <Link to="/org/competitions">{page.competition.title}</Link>
      </p>
      <div className="page-head">
        <h1>{page.application.title || t("competition.title")}</h1>
        <p className="page-head__status">
          <span className={`badge badge--${page.state}`}>{t(`entry.state.${page.state}` as MessageKey)}</span>
          <CreditBadges lists={page.creditLists} />
        </p>
      </div>
      {notice && !failed ? (
        <p className="notice" role="status">
          {t(notice === "submitted" ? "entry.submitted" : "entry.saved")}
        </p>
      ) : null}
      {errors._form ? (
        <div className="alert" role="alert">
          <p>{t(errors._form)}</p>
          {missing.length > 0 ? (
            <ul>
              {missing.map(([field, key]) => (
                <li key={field}>
                  {t((field.startsWith("budget") ? "entry.budget.title" : field === "proposal" || field === "budget" ? "entry.files.title" : `entry.field.${field}`) as MessageKey)}：{t(key!)}
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
      {page.decision?.selected ? <p className="notice">{t("entry.award")}：{t("money.yuan", { amount: fenToYuanString(page.decision.awardFen) })}</p> : null}
      <section className="panel" aria-labelledby="form-title">
        <h2 id="form-title">{t("competition.title")}</h2>
        <Form method="post" className="form-grid" noValidate>
          <fieldset disabled={!page.editable} className="form-grid">
            <div className="field">
              <label htmlFor="category">{t("entry.field.category")}</label>
              <select id="category" name="category" defaultValue={values.category} {...invalid("category")}>
                <option value="">—</option>
                {page.competition.categories.map((c) => (
                  <option key={c} value={c}>
                    {isDefaultCategory(c) ? t(`competition.category.${c}`) : c}
                  </option>
                ))}
              </select>
              <FieldError id="category-error" error={errors.category} />
            </div>
            {TEXT.map(({ name, multiline }) => (
              <div className="field" key={name}>
                <label htmlFor={name}>{t(`entry.field.${name}` as MessageKey)}</label>
                {multiline ? (
                  <textarea id={name} name={name} rows={3} defaultValue={values[name]} {...invalid(name)} />
                ) : (
                  <input id={name} name={name} defaultValue={values[name]} inputMode={name === "requested" || name === "expectedBeneficiaries" ? "decimal" : undefined} {...invalid(name)} />
                )}
                <FieldError id={`${name}-error`} error={errors[name]} />
              </div>
            ))}
            <fieldset className="field" aria-describedby="budgetLines-error">
              <legend>{t("entry.budget.title")}</legend>
              <FieldError id="budgetLines-error" error={errors.budgetLines} />
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("entry.budget.item")}</th>
                      <th scope="col">{t("entry.budget.category")}</th>
                      <th scope="col">{t("entry.budget.amount")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Array.from({ length: MAX_BUDGET_LINES }, (_, i) => (
                      <tr key={i}>
                        <td>
                          <input name={`budgetItem${i}`} aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.item")}`} defaultValue={values[`budgetItem${i}`]} {...invalid(`budgetItem${i}`)} />
                          <FieldError id={`budgetItem${i}-error`} error={errors[`budgetItem${i}`]} />
                        </td>
                        <td>
                          <select name={`budgetCategory${i}`} aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.category")}`} defaultValue={values[`budgetCategory${i}`]}>
                            <option value="">—</option>
                            {BUDGET_LINE_CATEGORIES.map((c) => (
                              <option key={c} value={c}>
                                {t(`competition.budgetCategory.${c}`)}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input name={`budgetAmount${i}`} inputMode="decimal" aria-label={`${t("entry.budget.line", { n: i + 1 })} ${t("entry.budget.amount")}`} defaultValue={values[`budgetAmount${i}`]} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </fieldset>
            {page.editable ? (
              <div className="form-actions">
                <button type="submit" name="intent" value="SAVE">
                  {t("entry.saveDraft")}
                </button>
                <button type="submit" name="intent" value="SUBMIT" className="button--primary">
                  {t(page.state === "returned" ? "entry.event.RESUBMIT" : "entry.event.SUBMIT")}
                </button>
              </div>
            ) : null}
          </fieldset>
        </Form>
      </section>
      <FileUpload panel={page.files} use="proposal" title={t("entry.files.title")} />
      {page.editable ? <FileUpload panel={page.files} use="budget" title={t("entry.budget.title")} /> : null}
      <FieldError id="proposal-error" error={errors.proposal} />
      <FieldError id="budget-error" error={errors.budget} />
    </>
  );
}
