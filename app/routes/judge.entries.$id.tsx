import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { useState } from "react";
import { ConfirmSubmit } from "~/components/confirm-submit";
import { DataTable } from "~/components/data-table";
import { FieldError } from "~/components/field";
import { isDefaultCategory } from "~/domain/competition";
import { scoringPage } from "~/competition/judging/judge-pages.server";
import { declareConflict, saveScores } from "~/competition/judging/judging.server";
import { typedPoints, weightedTotalSoFar } from "~/competition/weighted-total";
import { formValues, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import { formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { vocabularyLabel } from "~/i18n/labels";
import { ATTACHMENT_USES } from "~/domain/attachment-uses";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "judge");
  return scoringPage(user, params.id!);
}

const SCORING_INTENTS = ["SAVE", "SUBMIT", "CONFLICT"] as const;
const conflictSchema = z.object({ reason: z.string().trim().min(1, "competition.error.reason").max(1000, "competition.error.reason") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "judge");
  const formData = await readForm(request);
  const intent = parseIntent(formData, SCORING_INTENTS, "SAVE");
  if (intent === "CONFLICT") {
    const form = parseForm(conflictSchema, formData);
    if (!form.ok) return data({ ok: false as const, errors: form.errors, values: form.values, params: undefined }, { status: 400 });
    await declareConflict(user, params.id!, form.data.reason);
    return redirect("/judge?notice=conflict");
  }
  // The sheet's fields follow the competition's rubric; the service checks each against it.
  const sheet = formValues(formData, (await scoringPage(user, params.id!)).criteria.flatMap((c) => [`points_${c.id}`, `comment_${c.id}`]));
  const result = await saveScores(user, params.id!, sheet, intent === "SUBMIT");
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
  const pointsValue = (id: string) => values?.[`points_${id}`] ?? (page.sheet?.points[id] ?? "").toString();
  // The live total: starts from what the form shows, follows typing (without scripts the saved total stays).
  const [typed, setTyped] = useState<Record<string, string>>(() => Object.fromEntries(page.criteria.map((c) => [c.id, pointsValue(c.id)])));
  const live = weightedTotalSoFar(page.criteria, Object.fromEntries(Object.entries(typed).map(([id, v]) => [id, typedPoints(v)])));
  const categoryLabel = (category: string) => (isDefaultCategory(category) ? t(`competition.category.${category}`) : category);
  return (
    <>
      <p className="muted">
        <Link to="/judge">{t("judge.title")}</Link> · {page.competition.title}
      </p>
      <h1>
        <span className="mono">{page.entry.number}</span> {page.entry.title}
      </h1>
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
        <h2 id="application">{t("judge.page.narrative")}</h2>
        {page.blind ? <p className="muted">{t("judge.blind")}</p> : <p>{t("entry.field.organization")}：{page.organizationName}</p>}
        <dl className="facts">
          <div>
            <dt>{t("entry.field.category")}</dt>
            <dd>{categoryLabel(app.category ?? "")}</dd>
          </div>
          <div>
            <dt>{t("entry.field.requested")}</dt>
            <dd>{formatMoney(page.entry.requestedFen, locale)}</dd>
          </div>
          {(["targetGroup", "expectedBeneficiaries", "community", "needAnalysis", "objectives", "activities", "team"] as const).map((f) => (
            <div key={f}>
              <dt>{t(`entry.field.${f}`)}</dt>
              <dd className="prewrap">{app[f]}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="budget">
        <h2 id="budget">{t("judge.page.budget")}</h2>
        <DataTable
          rows={page.budget.lines}
          rowKey={(_, i) => i}
          columns={[
            { header: t("entry.budget.item"), cell: (l) => l.item },
            { header: t("entry.budget.category"), cell: (l) => t(`competition.budgetCategory.${l.category}`) },
            { header: t("entry.budget.amount"), cell: (l) => formatMoney(l.amountFen, locale), className: "numeric" },
          ]}
        />
        <p>
          <strong>
            {t("judge.page.budgetTotal")}：{formatMoney(page.budget.totalFen, locale)}
          </strong>{" "}
          <span className="muted">{t(page.budget.totalFen === page.entry.requestedFen ? "judge.page.budgetMatches" : "judge.page.budgetMismatch")}</span>
        </p>
      </section>
      <section className="panel" aria-labelledby="files">
        <h2 id="files">{t("judge.page.files")}</h2>
        {page.files === null ? <p className="muted">{t("judge.page.filesClosed")}</p> : page.files.length === 0 ? <p className="muted">{t("judge.page.noFiles")}</p> : null}
        {(page.files ?? []).map((f, i) => {
          const href = `/judge/entries/${page.entry.id}/files/${f.id}`;
          const name = f.name ?? t("judge.page.blindFile", { use: vocabularyLabel(t, ATTACHMENT_USES, (use) => `attachments.use.${use}`, f.use), n: i + 1 });
          return (
            <div key={f.id} className="entry-file">
              <p>
                {vocabularyLabel(t, ATTACHMENT_USES, (use) => `attachments.use.${use}`, f.use)}：{name}{" "}
                <a href={href} download>
                  {t("judge.page.download")}
                </a>
              </p>
              {f.pdf ? (
                <details open={i === 0}>
                  <summary>{t("judge.page.view")}</summary>
                  <iframe className="entry-file-viewer" src={`${href}?inline`} title={name}>
                    {t("judge.page.pdfFallback")}
                  </iframe>
                </details>
              ) : null}
            </div>
          );
        })}
      </section>
      <section className="panel" aria-labelledby="scores">
        <h2 id="scores">{t("judge.page.rubric")}</h2>
        {page.sheet?.reopenedReason ? (
          <p className="notice" role="status">
            {t("competitionSetup.reopened.judgeNotice", { reason: page.sheet.reopenedReason })}
          </p>
        ) : null}
        <Form method="post" className="form-grid" noValidate onInput={(event) => {
          const target = event.target as HTMLInputElement;
          if (target.name?.startsWith("points_")) setTyped((before) => ({ ...before, [target.name.slice("points_".length)]: target.value }));
        }}>
          {page.criteria.map((c) => {
            const name = `points_${c.id}`;
            return (
              <fieldset key={c.id} className="field" disabled={locked}>
                <legend>{c.name}</legend>
                <p className="muted">
                  {t("judge.page.weight", { weight: c.weight, max: c.maxPoints })}
                  {c.description ? ` · ${c.description}` : ""}
                </p>
                <label htmlFor={name}>{t("judge.points", { max: c.maxPoints })}</label>
                <input id={name} name={name} inputMode="decimal" defaultValue={pointsValue(c.id)} aria-invalid={errors[name] ? true : undefined} aria-describedby={`${name}-error`} />
                <FieldError id={`${name}-error`} error={errors[name]} params={failed && !failed.ok ? failed.params : undefined} />
                <label htmlFor={`comment_${c.id}`}>{t("judge.comment")}</label>
                <textarea id={`comment_${c.id}`} name={`comment_${c.id}`} rows={2} defaultValue={values?.[`comment_${c.id}`] ?? page.sheet?.comments[c.id] ?? ""} />
              </fieldset>
            );
          })}
          <p className="weighted-total" aria-live="polite">
            {t("judge.page.total")}：<strong data-testid="weighted-total">{live.total.toFixed(2)}</strong>{" "}
            <span className="muted">{t("judge.page.totalOf", { total: live.total.toFixed(2), scored: live.scored, count: page.criteria.length })}</span>
          </p>
          <p className="muted">{t("judge.page.totalHint")}</p>
          {locked ? (
            <p className="notice">{t("competition.error.sheetLocked")}</p>
          ) : (
            <div className="form-actions">
              <button type="submit" name="intent" value="SAVE" className="button button--secondary">
                {t("judge.page.saveDraft")}
              </button>
              <ConfirmSubmit label={t("judge.submit")} consequence={t("judge.page.submitConsequence")} name="intent" value="SUBMIT" />
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
            <div className="form-actions">
              <ConfirmSubmit label={t("judge.conflict.submit")} consequence={t("judge.conflict.hint")} danger />
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
