import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FieldError } from "~/components/field";
import { submitObjection } from "~/competition/competitions.server";
import { isDefaultCategory } from "~/competition/domain";
import { announcementPage } from "~/competition/public.server";
import { documentsOfCase } from "~/documents/access.server";
import { formatDate, formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/** The public announcement (公示): selected projects, amounts, scores, the panel; objections. */
export async function loader({ params }: LoaderFunctionArgs) {
  const page = await announcementPage(params.id ?? "").catch(() => null);
  if (!page) throw new Response("Not Found", { status: 404 });
  // The announcement as issued (公示公告), public like the page itself.
  const announcement = (await documentsOfCase(null, page.id)).items.find((d) => d.kind === "publicAnnouncement" && d.status === "current") ?? null;
  return { ...page, announcement };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await submitObjection(params.id ?? "", await request.formData(), context.clientAddress);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/competitions/${params.id}?notice=objection`);
}

export default function PublicCompetition() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const values: Record<string, string> = failed && !failed.ok ? failed.values : {};
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{page.theme}</p>
      {page.announcementEndsAt && page.objectionsOpen ? <p className="notice">{t("public.competition.announcementUntil", { date: formatDate(page.announcementEndsAt, locale) })}</p> : null}
      {search.get("notice") === "objection" ? (
        <p className="notice" role="status">
          {t("public.objection.received")}
        </p>
      ) : null}
      {page.announcement ? (
        <p className="notice">
          {page.announcement.number} · <a href={`/documents/${page.announcement.id}`} download>{t("documents.download")}</a> · <Link to={`/verify/${page.announcement.verificationCode}`}>{t("documents.verifyLink")}</Link>
        </p>
      ) : null}
      <section className="panel" aria-labelledby="selected">
        <h2 id="selected">{t("public.competition.selected")}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("regulator.competition.rank")}</th>
                <th scope="col">{t("entry.field.title")}</th>
                <th scope="col">{t("entry.field.organization")}</th>
                <th scope="col">{t("entry.field.category")}</th>
                <th scope="col">{t("regulator.competition.finalScore")}</th>
                <th scope="col">{t("regulator.competition.awarded")}</th>
              </tr>
            </thead>
            <tbody>
              {page.selected.map((e) => (
                <tr key={e.entryId}>
                  <td>{e.rank}</td>
                  <td>{e.title}</td>
                  <td>{e.organization}</td>
                  <td>{isDefaultCategory(e.category) ? t(`competition.category.${e.category}`) : e.category}</td>
                  <td>{e.finalScore === null ? "—" : e.finalScore.toFixed(2)}</td>
                  <td>{formatMoney(e.awarded, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={`/api/v1/competitions/${page.id}/results`}>{t("public.competition.results")}</a>
        </p>
      </section>
      <section className="panel" aria-labelledby="panel">
        <h2 id="panel">{t("public.competition.panel")}</h2>
        <p>{page.panel.join("、")}</p>
      </section>
      {page.objectionsOpen ? (
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
              <select id="entryId" name="entryId" defaultValue={values.entryId}>
                <option value="">—</option>
                {page.selected.map((e) => (
                  <option key={e.entryId} value={e.entryId}>
                    {e.title}
                  </option>
                ))}
              </select>
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
            <button type="submit">{t("public.objection.submit")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
