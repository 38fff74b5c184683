import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FieldError } from "~/components/field";
import { ProvisionalCalendarNote } from "~/components/provisional-calendar-note";
import { objectionSchema, submitObjection } from "~/competition/public/objections.server";
import { isDefaultCategory } from "~/domain/competition";
import { publicCompetitionPage } from "~/competition/public/public.server";
import { documentsOfCase } from "~/documents/access.server";
import { formatDate, formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { parseForm, readForm } from "~/forms/parse-form";
import { COMPETITION_UNDER_REVIEW_STATES } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";

/**
 * A competition's public page, by stage: the call (categories, budget, cap, window, how to
 * apply); while judging, that it is under way; once published the announcement (公示: notice,
 * period, the list, objections) and then the final results with the budget, cap and pass mark.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const page = await publicCompetitionPage(params.id ?? "").catch(() => null);
  if (!page) throw new Response("Not Found", { status: 404 });
  // The announcement as issued (公示公告), public like the page itself.
  const announcement = page.published
    ? ((await documentsOfCase(null, page.call.id)).items.find((d) => d.kind === "publicAnnouncement" && d.status === "current") ?? null)
    : null;
  return { ...page, announcement };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = parseForm(objectionSchema, await readForm(request));
  const result = await submitObjection(params.id ?? "", form, context.clientAddress);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/competitions/${params.id}?notice=objection`);
}

export default function PublicCompetition() {
  const { t, locale } = useTranslation();
  const { call, published, announcement } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const values: Record<string, string> = failed && !failed.ok ? failed.values : {};
  const yuan = (fen: number) => formatMoney(fen, locale);
  const categoryLabel = (category: string) => (isDefaultCategory(category) ? t(`competition.category.${category}`) : category);
  const announcing = published?.state === "announcing";
  return (
    <>
      <p className="muted">
        <Link to="/competitions">{t("publicCompetitions.viewAll")}</Link>
      </p>
      <h1>
        {call.title} <span className={`badge badge--${call.state}`}>{workflowLabel(t, "competition", "state", call.state)}</span>
      </h1>
      {call.theme ? <p className="lead">{call.theme}</p> : null}
      {search.get("notice") === "objection" ? (
        <p className="notice" role="status">
          {t("public.objection.received")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="call">
        <h2 id="call">{t("publicCompetitions.stage.call")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("publicCompetitions.call.window")}</dt>
            <dd>{t("publicCompetitions.announcement.periodValue", { from: formatDate(call.opensAt, locale), to: formatDate(call.closesAt, locale) })}</dd>
          </div>
          <div>
            <dt>{t("publicCompetitions.call.totalBudget")}</dt>
            <dd>{yuan(call.totalBudgetFen)}</dd>
          </div>
          <div>
            <dt>{t("publicCompetitions.call.cap")}</dt>
            <dd>{yuan(call.perProjectCapFen)}</dd>
          </div>
          <div>
            <dt>{t("publicCompetitions.call.passMark")}</dt>
            <dd>{call.passMark}</dd>
          </div>
          <div>
            <dt>{t("publicCompetitions.call.categories")}</dt>
            <dd>{call.categories.map(categoryLabel).join("、")}</dd>
          </div>
        </dl>
        {call.state === "open" ? (
          <>
            <h3>{t("publicCompetitions.call.howTo")}</h3>
            <p>{t("publicCompetitions.call.howToText")}</p>
            <p>
              <Link className="button" to="/login?redirectTo=/org/competitions">
                {t("publicCompetitions.call.signIn")}
              </Link>
            </p>
          </>
        ) : null}
      </section>
      {isOneOf(COMPETITION_UNDER_REVIEW_STATES, call.state) ? (
        <section className="panel" aria-labelledby="review">
          <h2 id="review">{t("publicCompetitions.stage.review")}</h2>
          <p>{t("publicCompetitions.review.text")}</p>
        </section>
      ) : null}
      {published ? (
        <section className="panel" aria-labelledby="selected">
          <h2 id="selected">{t(announcing ? "publicCompetitions.stage.announcement" : "publicCompetitions.stage.results")}</h2>
          {announcing && published.publishedAt && published.announcementEndsAt ? (
            <p className="announcement-notice">
              {t("publicCompetitions.announcement.notice", {
                from: formatDate(published.publishedAt, locale),
                to: formatDate(published.announcementEndsAt, locale),
                days: published.announcementWorkingDays,
              })}{" "}
              <ProvisionalCalendarNote deadline={published.announcementEndsAt} />
            </p>
          ) : null}
          {!published.objectionsOpen && announcing ? <p className="muted">{t("publicCompetitions.announcement.over")}</p> : null}
          {announcement ? (
            <p className="notice">
              {announcement.number} · <a href={`/documents/${announcement.id}`} download>{t("documents.download")}</a> · <Link to={`/verify/${announcement.verificationCode}`}>{t("documents.verifyLink")}</Link>
            </p>
          ) : null}
          <dl className="facts">
            {!announcing && published.publishedAt && published.announcementEndsAt ? (
              <div>
                <dt>{t("publicCompetitions.announcement.period")}</dt>
                <dd>
                  {t("publicCompetitions.announcement.periodValue", { from: formatDate(published.publishedAt, locale), to: formatDate(published.announcementEndsAt, locale) })}{" "}
                  <ProvisionalCalendarNote deadline={published.announcementEndsAt} />
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t("publicCompetitions.results.count")}</dt>
              <dd>{published.selected.length}</dd>
            </div>
            <div>
              <dt>{t("publicCompetitions.results.total")}</dt>
              <dd>{yuan(published.awardedTotalFen)}</dd>
            </div>
          </dl>
          {!announcing ? <p className="muted">{t("publicCompetitions.results.check")}</p> : null}
          <DataTable
            rows={published.selected}
            rowKey={(e) => e.entryId}
            columns={[
              { header: t("regulator.competition.rank"), cell: (e) => e.rank },
              { header: t("entry.field.number"), cell: (e) => <span className="mono">{e.number}</span> },
              { header: t("entry.field.title"), cell: (e) => e.title },
              { header: t("entry.field.organization"), cell: (e) => e.organization },
              { header: t("entry.field.category"), cell: (e) => categoryLabel(e.category) },
              { header: t("regulator.competition.finalScore"), cell: (e) => (e.finalScore === null ? "—" : e.finalScore.toFixed(2)), className: "numeric" },
              { header: t("regulator.competition.awarded"), cell: (e) => yuan(e.awarded), className: "numeric" },
            ]}
          />
          <p>
            <a href={`/api/v1/competitions/${published.id}/results`}>{t("public.competition.results")}</a>
          </p>
          <h3>{t("public.competition.panel")}</h3>
          <p>{published.panel.join("、")}</p>
        </section>
      ) : null}
      {published?.objectionsOpen ? (
        <section className="panel" aria-labelledby="objection">
          <h2 id="objection">{t("public.objection.title")}</h2>
          {errors._form ? (
            <p className="alert" role="alert">
              {t(errors._form)}
            </p>
          ) : null}
          <Form method="post" className="form-grid" noValidate>
            <div className="field">
              <label htmlFor="entryId">{t("public.objection.entry")}</label>
              <select id="entryId" name="entryId" defaultValue={values.entryId} aria-invalid={errors.entryId ? true : undefined} aria-describedby="entryId-error">
                <option value="">—</option>
                {published.selected.map((e) => (
                  <option key={e.entryId} value={e.entryId}>
                    {e.number} {e.title}
                  </option>
                ))}
              </select>
              <FieldError id="entryId-error" error={errors.entryId} />
            </div>
            {(["name", "contact"] as const).map((f) => (
              <div className="field" key={f}>
                <label htmlFor={f}>{t(`public.objection.${f}`)}</label>
                <input id={f} name={f} defaultValue={values[f]} aria-invalid={errors[f] ? true : undefined} aria-describedby={`${f}-error`} />
                <FieldError id={`${f}-error`} error={errors[f]} />
              </div>
            ))}
            <div className="field">
              <label htmlFor="reason">{t("public.objection.reason")}</label>
              <textarea id="reason" name="reason" rows={4} defaultValue={values.reason} aria-invalid={errors.reason ? true : undefined} aria-describedby="reason-error" />
              <FieldError id="reason-error" error={errors.reason} />
            </div>
            {/* Honeypot: people never see or fill it; bots that fill every field are refused. */}
            <div className="visually-hidden" aria-hidden="true">
              <label htmlFor="website">{t("public.objection.website")}</label>
              <input id="website" name="website" tabIndex={-1} autoComplete="off" />
            </div>
            <button type="submit" className="button">
              {t("public.objection.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
