import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { isDefaultCategory } from "~/competition/domain";
import { judgeWorkspace } from "~/competition/judge-pages.server";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "judge");
  return { competitions: await judgeWorkspace(user) };
}

export default function JudgeHome() {
  const { t } = useTranslation();
  const { competitions } = useLoaderData<typeof loader>();
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
            {c.title} <span className={`badge badge--${c.state}`}>{t(`competition.state.${c.state}` as MessageKey)}</span>
          </h2>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption className="visually-hidden">{t("judge.assigned")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("entry.field.title")}</th>
                  <th scope="col">{t("entry.field.category")}</th>
                  <th scope="col">{t("competition.field.state")}</th>
                </tr>
              </thead>
              <tbody>
                {c.entries.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/judge/entries/${e.id}`}>{e.title}</Link>
                    </td>
                    <td>{isDefaultCategory(e.category) ? t(`competition.category.${e.category}`) : e.category}</td>
                    <td>{t(`judge.status.${e.status}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
