import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { listCompetitions } from "~/competition/competitions.server";
import { createCompetition } from "~/competition/setup/setup.server";
import type { MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { formFields, readForm } from "~/forms/parse-form";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  // One competition a year: the list stays short, no pagination needed.
  return { competitions: await listCompetitions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const result = await createCompetition(user, formFields(await readForm(request)));
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/regulator/competitions/${result.id}?done=CREATED`);
}

const FIELDS: { name: string; label: MessageKey; type?: string }[] = [
  { name: "title", label: "competition.field.title" },
  { name: "theme", label: "competition.field.theme" },
  { name: "year", label: "competition.field.year", type: "number" },
  { name: "budget", label: "competitionAdmin.field.budgetYuan" },
  { name: "cap", label: "competitionAdmin.field.capYuan" },
  { name: "opensOn", label: "competitionAdmin.field.opensOn", type: "date" },
  { name: "closesOn", label: "competitionAdmin.field.closesOn", type: "date" },
];

export default function RegulatorCompetitions() {
  const { t } = useTranslation();
  const { competitions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const values: Record<string, string> = failed && !failed.ok ? failed.values : {};
  return (
    <>
      <h1>{t("competitionAdmin.list.title")}</h1>
      <p className="lead">{t("competitionAdmin.list.lead")}</p>
      {competitions.length === 0 ? (
        <p className="empty">{t("competitionAdmin.list.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("competition.field.year")}</th>
                <th scope="col">{t("competition.field.title")}</th>
                <th scope="col">{t("competition.field.theme")}</th>
                <th scope="col">{t("competition.field.state")}</th>
              </tr>
            </thead>
            <tbody>
              {competitions.map((c) => (
                <tr key={c.id}>
                  <td>{c.year}</td>
                  <td>
                    <Link to={`/regulator/competitions/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{c.theme}</td>
                  <td>
                    <span className={`badge badge--${c.state}`}>{workflowLabel(t, "competition", "state", c.state)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="new-competition">
        <h2 id="new-competition">{t("competitionAdmin.new.title")}</h2>
        <p className="muted">{t("competitionAdmin.new.hint")}</p>
        <Form method="post" className="form-grid" noValidate>
          {FIELDS.map((f) => (
            <div className="field" key={f.name}>
              <label htmlFor={f.name}>{t(f.label)}</label>
              <input
                id={f.name}
                name={f.name}
                type={f.type ?? "text"}
                inputMode={f.name === "budget" || f.name === "cap" ? "decimal" : undefined}
                defaultValue={values[f.name] ?? ""}
                aria-invalid={errors[f.name] ? true : undefined}
                aria-describedby={`${f.name}-error`}
              />
              <FieldError id={`${f.name}-error`} error={errors[f.name]} />
            </div>
          ))}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("competitionAdmin.new.submit")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
