import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { ChoiceOptions, FieldError } from "~/components/field";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { exitCases, startDeregistration, startRevocation } from "~/exit-gate/exits.server";
import { REVOCATION_GROUNDS } from "@machines/revocation.machine";
import { readPageParams } from "~/forms/page-params";
import type { FieldErrors } from "~/forms/parse-form";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { formFields, parseIntent, readForm } from "~/forms/parse-form";
import { vocabularyLabel } from "~/i18n/labels";

/** The two ways out of the register this page starts: the organization deregisters, or the bureau revokes. */
const EXIT_KINDS = ["deregistration", "revocation"] as const;
type ExitKind = (typeof EXIT_KINDS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await exitCases(pageParams)), ...pageParams, now: new Date().toISOString() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const form = formFields(await readForm(request));
  const which = parseIntent(form, EXIT_KINDS, "deregistration");
  const result = which === "revocation" ? await startRevocation(user, form) : await startDeregistration(user, form);
  if (!result.ok) return data({ which, errors: result.errors as FieldErrors, values: result.values as Record<string, string> }, { status: 400 });
  return redirect(`/exits/${result.caseId}`);
}

export default function Exits() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const mine = (which: string) => (failed?.which === which ? failed : null);
  const field = (which: ExitKind, name: "uscc" | "reason" | "grounds", multiline = false) => {
    const f = mine(which);
    const id = `${which}-${name}`;
    return (
      <div className={`field${multiline ? " field--wide" : ""}`}>
        <label htmlFor={id}>{t(`exitGate.field.${name}`)}</label>
        {multiline ? <textarea id={id} name={name} rows={2} defaultValue={f?.values[name] ?? ""} /> : <input id={id} name={name} defaultValue={f?.values[name] ?? ""} />}
        <FieldError id={`${id}-error`} error={f?.errors[name]} />
      </div>
    );
  };
  return (
    <>
      <h1>{t("exitGate.title")}</h1>
      <p className="lead">{t("exitGate.lead")}</p>
      {page.items.length === 0 ? (
        <p className="empty">{t("exitGate.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dailyGate.field.organization")}</th>
                <th scope="col">{t("exitGate.field.kind")}</th>
                <th scope="col">{t("dailyGate.field.state")}</th>
                <th scope="col">{t("exitGate.field.dueAt")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/exits/${c.id}`}>{c.title}</Link>
                    {c.proposed ? <span className="badge">{t("exitGate.proposed")}</span> : null}
                    <CreditBadges lists={c.creditLists} />
                  </td>
                  <td>{vocabularyLabel(t, EXIT_KINDS, (kind) => `exitGate.kind.${kind}`, c.kind)}</td>
                  <td>{workflowLabel(t, c.kind, "state", c.state)}</td>
                  <td>
                    <DueClock dueAt={c.dueAt} now={page.now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
      <div className="chart-grid">
        <section className="panel" aria-labelledby="dereg-title">
          <h2 id="dereg-title">{t("exitGate.startDeregistration")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="deregistration" />
            {field("deregistration", "uscc")}
            {field("deregistration", "reason", true)}
            <button type="submit" className="button">
              {t("exitGate.startDeregistration")}
            </button>
          </Form>
        </section>
        <section className="panel" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t("exitGate.startRevocation")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="revocation" />
            {field("revocation", "uscc")}
            <div className="field">
              <label htmlFor="revocation-ground">{t("exitGate.field.ground")}</label>
              <select id="revocation-ground" name="ground" defaultValue={mine("revocation")?.values.ground ?? ""}>
                <ChoiceOptions values={REVOCATION_GROUNDS} label={(g) => t(`exitGate.ground.${g}`)} />
              </select>
              <FieldError id="revocation-ground-error" error={mine("revocation")?.errors.ground} />
            </div>
            {field("revocation", "grounds", true)}
            <button type="submit" className="button">
              {t("exitGate.startRevocation")}
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}
