import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { FieldError } from "~/components/field";
import { InlineActionForm } from "~/components/inline-action-form";
import { activeListsOf } from "~/daily-gate/credit-lists.server";
import { closeRectification, closeSchema, draw, drawSchema, findingSchema, recordFinding, spotChecks } from "~/daily-gate/spot-checks.server";
import { type FieldErrors, formFields, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import { formatDate, formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const checks = await spotChecks();
  // Badges for every drawn organization of every check, in one query.
  const lists = await activeListsOf([...new Set(checks.flatMap((c) => c.selections.map((s) => String(s.organizationId))))]);
  return { checks, lists };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const formData = formFields(await readForm(request));
  const intent = parseIntent(formData, ["draw", "finding", "close"]);
  const checkId = formData.checkId ?? "";
  const fail = (form: { errors: FieldErrors; values: Record<string, string> }) =>
    data({ intent, key: `${checkId}:${formData.index ?? ""}`, errors: form.errors, values: form.values }, { status: 400 });
  if (intent === "draw") {
    const form = parseForm(drawSchema, formData);
    if (!form.ok) return fail(form);
    await draw(user, form.data);
  } else if (intent === "finding") {
    const form = parseForm(findingSchema, formData);
    if (!form.ok) return fail(form);
    await recordFinding(checkId, form.data);
  } else if (intent === "close") {
    const form = parseForm(closeSchema, formData);
    if (!form.ok) return fail(form);
    await closeRectification(user, checkId, form.data);
  }
  return redirect("/regulator/spot-checks");
}

export default function SpotChecks() {
  const { t, locale } = useTranslation();
  const { checks, lists } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const mine = (intent: string, key = ":") => (failed && failed.intent === intent && failed.key === key ? failed : null);
  const drawFail = mine("draw");
  return (
    <>
      <h1>{t("spotCheck.title")}</h1>
      <p className="lead">{t("spotCheck.lead")}</p>
      <section className="panel" aria-labelledby="draw-title">
        <h2 id="draw-title">{t("spotCheck.draw")}</h2>
        <Form method="post" noValidate className="form-grid">
          <input type="hidden" name="intent" value="draw" />
          {(["sampleSize", "inspectors", "seed"] as const).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={`draw-${name}`}>{t(`spotCheck.field.${name}`)}</label>
              <input id={`draw-${name}`} name={name} defaultValue={drawFail?.values[name] ?? (name === "sampleSize" ? "10" : "")} />
              <FieldError id={`draw-${name}-error`} error={drawFail?.errors[name]} />
            </div>
          ))}
          <div className="field--wide">
            <button type="submit" className="button">
              {t("spotCheck.drawButton")}
            </button>
          </div>
        </Form>
      </section>
      {checks.length === 0 ? <p className="empty">{t("spotCheck.empty")}</p> : null}
      {checks.map((check) => (
        <section className="panel" key={check.id} aria-label={t("spotCheck.drawOf", { at: formatDateTime(check.drawnAt, locale) })}>
          <h2>{t("spotCheck.drawOf", { at: formatDateTime(check.drawnAt, locale) })}</h2>
          <p className="muted">
            {t("spotCheck.audit", { seed: check.seed, population: check.populationSize, size: check.sampleSize, inspectors: check.inspectors.join("、"), by: check.drawnBy })}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("dailyGate.field.organization")}</th>
                  <th scope="col">{t("spotCheck.field.inspector")}</th>
                  <th scope="col">{t("spotCheck.field.finding")}</th>
                  <th scope="col">{t("spotCheck.field.rectification")}</th>
                </tr>
              </thead>
              <tbody>
                {check.selections.map((s, index) => {
                  const key = `${check.id}:${index}`;
                  const findingFail = mine("finding", key);
                  const closeFail = mine("close", key);
                  return (
                    <tr key={key}>
                      <td>
                        <Link to={`/regulator/organizations/${s.organizationId}`}>{s.organizationName}</Link>
                        <CreditBadges lists={lists[String(s.organizationId)] ?? []} />
                      </td>
                      <td>{s.inspector}</td>
                      <td>
                        {s.finding ? (
                          s.finding
                        ) : (
                          <InlineActionForm hidden={{ intent: "finding", checkId: check.id, index }} submit={t("spotCheck.recordFinding")}>
                            <label htmlFor={`f-${key}`}>{t("spotCheck.field.finding")}</label>
                            <input id={`f-${key}`} name="finding" defaultValue={findingFail?.values.finding ?? ""} />
                            <FieldError id={`f-${key}-error`} error={findingFail?.errors.finding} />
                            <label htmlFor={`i-${key}`}>{t("spotCheck.field.items")}</label>
                            <input id={`i-${key}`} name="items" defaultValue={findingFail?.values.items ?? ""} />
                            <label htmlFor={`d-${key}`}>{t("spotCheck.field.deadline")}</label>
                            <input id={`d-${key}`} name="deadline" type="date" defaultValue={findingFail?.values.deadline ?? ""} />
                          </InlineActionForm>
                        )}
                      </td>
                      <td>
                        {s.rectification ? (
                          <>
                            {s.rectification.items} · {formatDate(s.rectification.deadline, locale)} · {t(`spotCheck.status.${s.rectification.status}`)}
                            {s.rectification.status === "open" ? (
                              <Form method="post" className="inline-form">
                                <input type="hidden" name="intent" value="close" />
                                <input type="hidden" name="checkId" value={check.id} />
                                <input type="hidden" name="index" value={index} />
                                <label htmlFor={`n-${key}`}>{t("dailyGate.field.verification")}</label>
                                <input id={`n-${key}`} name="note" defaultValue={closeFail?.values.note ?? ""} />
                                <FieldError id={`n-${key}-error`} error={closeFail?.errors.note} />
                                <button type="submit" name="outcome" value="verified" className="button button--secondary">
                                  {t("spotCheck.verify")}
                                </button>
                                <button type="submit" name="outcome" value="listed" className="button button--secondary">
                                  {t("spotCheck.list")}
                                </button>
                              </Form>
                            ) : null}
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
