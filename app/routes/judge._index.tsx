import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { DueClock } from "~/components/workflow/due-clock";
import { isDefaultCategory } from "~/domain/competition";
import { judgeWorkspace } from "~/competition/judging/judge-pages.server";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "judge");
  return { competitions: await judgeWorkspace(user), now: new Date().toISOString() };
}

/** The judge's workbench: competitions being judged first, each with progress n/m and the deadline. */
export default function JudgeHome() {
  const { t } = useTranslation();
  const { competitions, now } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  return (
    <>
      <h1>{t("workspace.judge.title")}</h1>
      <p className="lead">{t("workspace.judge.lead")}</p>
      {search.get("notice") === "conflict" ? (
        <p className="notice" role="status">
          {t("judge.conflict.done")}
        </p>
      ) : null}
      {competitions.length === 0 ? <p className="empty">{t("judge.empty")}</p> : null}
      {competitions.map((c) => (
        <section className="panel" key={c.id} aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>
            {c.title} <span className={`badge badge--${c.state}`}>{workflowLabel(t, "competition", "state", c.state)}</span>
          </h2>
          <p className="judge-progress">
            <strong>{t("workbench.judge.progress", { done: c.done, total: c.total })}</strong>
            <progress max={Math.max(1, c.total)} value={c.done} aria-label={t("workbench.judge.progress", { done: c.done, total: c.total })} />
            {c.current ? (
              c.judgingEndsAt ? (
                <span>
                  {t("workbench.judge.deadline")}：<DueClock dueAt={c.judgingEndsAt} now={now} />
                </span>
              ) : (
                <span className="muted">{t("workbench.judge.noDeadline")}</span>
              )
            ) : null}
          </p>
          <DataTable
            rows={c.entries}
            columns={[
              { header: t("entry.field.number"), cell: (e) => <span className="mono">{e.number}</span> },
              { header: t("entry.field.title"), cell: (e) => <Link to={`/judge/entries/${e.id}`}>{e.title}</Link> },
              { header: t("entry.field.category"), cell: (e) => (isDefaultCategory(e.category) ? t(`competition.category.${e.category}`) : e.category) },
              { header: t("competition.field.state"), cell: (e) => t(`judge.status.${e.status}`) },
            ]}
          />
        </section>
      ))}
    </>
  );
}
