import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { isDefaultCategory } from "~/competition/domain";
import { scoringPage } from "~/competition/judge-pages.server";
import { declareConflict, saveScores } from "~/competition/judging.server";
import { formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "judge");
  return scoringPage(user, params.id!);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "judge");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "CONFLICT") {
    const done = await declareConflict(user, params.id!, String(formData.get("reason") ?? ""));
    if (!done.ok) return data({ ok: false as const, errors: { reason: "competition.error.reason" as MessageKey }, values: {} as Record<string, string>, params: undefined }, { status: 400 });
    return redirect("/judge?notice=conflict");
  }
  const result = await saveScores(user, params.id!, formData, intent === "SUBMIT");
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/judge/entries/${params.id}?notice=${intent === "SUBMIT" ? "submitted" : "saved"}`);
}

export default function ScoreEntry() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const notice = search.get("notice");
  const locked = page.sheet?.status === "submitted";
  const values = failed && !failed.ok ? failed.values : null;
  const errors = failed && !failed.ok ? (failed.errors as Partial<Record<string, MessageKey>>) : {};
  const app = page.entry.application;
  return (
    <>
      <p className="muted">
        <Link to="/judge">{t("judge.title")}</Link> · {page.competition.title}
      </p>
      <h1>{page.entry.title}</h1>
      {notice ? (
        <p className="notice" role="status">
          {t(notice === "submitted" ? "judge.submittedNotice" : "judge.saved")}
        </p>
      ) : null}
      {errors._form ? (
        <p className="alert" role="alert">
          {t(errors._form)}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="application">
        <h2 id="application">{t("competition.title")}</h2>
        {page.blind ? <p className="muted">{t("judge.blind")}</p> : <p>{t("entry.field.organization")}：{page.organizationName}</p>}
        <dl className="facts">
          <div>
            <dt>{t("entry.field.category")}</dt>
            <dd>{isDefaultCategory(app.category ?? "") ? t(`competition.category.${app.category}` as MessageKey) : app.category}</dd>
          </div>
          <div>
            <dt>{t("entry.field.requested")}</dt>
            <dd>{formatMoney(page.entry.requestedFen, locale)}</dd>
          </div>
          {(["targetGroup", "expectedBeneficiaries", "community", "needAnalysis", "objectives", "activities", "team"] as const).map((f) => (
            <div key={f}>
              <dt>{t(`entry.field.${f}`)}</dt>
              <dd>{app[f]}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="scores">
        <h2 id="scores">{t("judge.score")}</h2>
        {page.sheet?.reopenedReason ? (
          <p className="notice" role="status">
            {t("competitionSetup.reopened.judgeNotice", { reason: page.sheet.reopenedReason })}
          </p>
        ) : null}
        <Form method="post" className="form-grid" noValidate>
          {page.criteria.map((c) => {
            const name = `points_${c.id}`;
            return (
              <fieldset key={c.id} className="field" disabled={locked}>
                <legend>
                  {c.name}（{c.weight}%）
                </legend>
                <p className="muted">{c.description}</p>
                <label htmlFor={name}>{t("judge.points", { max: c.maxPoints })}</label>
                <input id={name} name={name} inputMode="decimal" defaultValue={values?.[name] ?? (page.sheet?.points[c.id] ?? "").toString()} aria-invalid={errors[name] ? true : undefined} aria-describedby={`${name}-error`} />
                <FieldError id={`${name}-error`} error={errors[name]} params={failed && !failed.ok ? failed.params : undefined} />
                <label htmlFor={`comment_${c.id}`}>{t("judge.comment")}</label>
                <textarea id={`comment_${c.id}`} name={`comment_${c.id}`} rows={2} defaultValue={values?.[`comment_${c.id}`] ?? page.sheet?.comments[c.id] ?? ""} />
              </fieldset>
            );
          })}
          {locked ? (
            <p className="notice">{t("competition.error.sheetLocked")}</p>
          ) : (
            <div className="form-actions">
              <button type="submit" name="intent" value="SAVE">
                {t("judge.saveDraft")}
              </button>
              <button type="submit" name="intent" value="SUBMIT" className="button--primary">
                {t("judge.submit")}
              </button>
            </div>
          )}
        </Form>
      </section>
      {page.otherTotals.length > 0 ? (
        <section className="panel" aria-labelledby="others">
          <h2 id="others">{t("competitionSetup.others.title")}</h2>
          <p className="muted">{t("competitionSetup.others.hint")}</p>
          <p>{page.otherTotals.map((total) => total.toFixed(1)).join(" / ")}</p>
        </section>
      ) : null}
      {!locked ? (
        <section className="panel" aria-labelledby="conflict">
          <h2 id="conflict">{t("judge.conflict.title")}</h2>
          <p className="muted">{t("judge.conflict.hint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="CONFLICT" />
            <div className="field">
              <label htmlFor="conflict-reason">{t("entry.field.reason")}</label>
              <textarea id="conflict-reason" name="reason" rows={2} aria-describedby="conflict-reason-error" />
              <FieldError id="conflict-reason-error" error={errors.reason} />
            </div>
            <button type="submit">{t("judge.conflict.submit")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
