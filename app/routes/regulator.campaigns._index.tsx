import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { campaignDefaults, campaignFormSchema, campaigns, openCampaign } from "~/daily-gate/campaigns.server";
import { actorOf } from "~/workflow/intents.server";
import { parseForm, readForm } from "~/forms/parse-form";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  return { campaigns: await campaigns(), defaults: campaignDefaults() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const form = parseForm(campaignFormSchema, await readForm(request));
  if (!form.ok) return data(form, { status: 400 });
  const { year } = await openCampaign(form.data, actorOf(user));
  return redirect(`/regulator/campaigns/${year}`);
}

export default function Campaigns() {
  const { t, locale } = useTranslation();
  const { campaigns: rows, defaults } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const values: Record<string, string> = failed && !failed.ok ? failed.values : defaults;
  const errors = failed && !failed.ok ? failed.errors : {};
  return (
    <>
      <h1>{t("dailyGate.campaigns.title")}</h1>
      <p className="lead">{t("dailyGate.campaigns.lead")}</p>
      {rows.length === 0 ? (
        <p className="empty">{t("dailyGate.campaigns.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dailyGate.field.year")}</th>
                <th scope="col">{t("dailyGate.field.mode")}</th>
                <th scope="col">{t("dailyGate.field.registryDeadline")}</th>
                <th scope="col">{t("dailyGate.campaigns.reports")}</th>
                <th scope="col">{t("dailyGate.campaigns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.year}>
                  <td>
                    <Link to={`/regulator/campaigns/${c.year}`}>{c.year}</Link>
                  </td>
                  <td>{t(`dailyGate.mode.${c.mode}`)}</td>
                  <td>{formatDate(c.registryDeadline, locale)}</td>
                  <td>{c.progress.created}</td>
                  <td>{t(`dailyGate.campaign.status.${c.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="open-title">
        <h2 id="open-title">{t("dailyGate.campaigns.open")}</h2>
        <p className="muted">{t("dailyGate.campaigns.openLead")}</p>
        <Form method="post" noValidate className="form-grid">
          {(["year", "sponsorDeadline", "registryDeadline"] as const).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={name}>{t(`dailyGate.field.${name}`)}</label>
              <input id={name} name={name} type={name === "year" ? "number" : "date"} defaultValue={values[name] ?? ""} aria-invalid={errors[name] ? true : undefined} />
              <FieldError id={`${name}-error`} error={errors[name]} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="mode">{t("dailyGate.field.mode")}</label>
            <select id="mode" name="mode" defaultValue={values.mode ?? "annualReport"}>
              <option value="annualReport">{t("dailyGate.mode.annualReport")}</option>
              <option value="annualInspection">{t("dailyGate.mode.annualInspection")}</option>
            </select>
          </div>
          <div className="field--wide">
            <button type="submit" className="button">
              {t("dailyGate.campaigns.openButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
