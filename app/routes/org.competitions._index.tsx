import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { organizationCompetitions, startEntry } from "~/competition/applications/entries.server";
import { parseForm, readForm } from "~/forms/parse-form";
import { formatDate, formatMoney } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  return { competitions: await organizationCompetitions(user) };
}

const startEntrySchema = z.object({ competitionId: z.string().regex(/^[0-9a-f]{24}$/) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "org");
  const form = parseForm(startEntrySchema, await readForm(request));
  if (!form.ok) throw new Response("Bad Request", { status: 400 });
  const started = await startEntry(user, form.data.competitionId);
  if (!started.ok) return data({ error: started.error }, { status: 409 });
  return redirect(`/org/competitions/entries/${started.entryId}`);
}

export default function OrgCompetitions() {
  const { t, locale } = useTranslation();
  const { competitions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("competition.list.title")}</h1>
      {failed?.error ? (
        <p className="alert" role="alert">
          {t(failed.error)}
        </p>
      ) : null}
      {competitions.length === 0 ? <p className="empty">{t("competition.list.empty")}</p> : null}
      {competitions.map((c) => (
        <section className="panel" key={c.id} aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>
            {c.title} <span className={`badge badge--${c.state}`}>{workflowLabel(t, "competition", "state", c.state)}</span>
          </h2>
          <p className="muted">
            {c.theme} · {t("competition.field.window")}：{formatDate(c.opensAt, locale)} – {formatDate(c.closesAt, locale)} · {t("competition.field.cap")}：
            {formatMoney(c.capFen, locale)}
          </p>
          {c.entries.length > 0 ? (
            <ul>
              {c.entries.map((e) => (
                <li key={e.id}>
                  <Link to={`/org/competitions/entries/${e.id}`}>{e.title}</Link> · {workflowLabel(t, "entry", "state", e.state)}
                </li>
              ))}
            </ul>
          ) : null}
          {c.state === "open" ? (
            <Form method="post">
              <input type="hidden" name="competitionId" value={c.id} />
              <button type="submit" className="button">
                {t("entry.apply")}
              </button>
            </Form>
          ) : null}
        </section>
      ))}
    </>
  );
}
