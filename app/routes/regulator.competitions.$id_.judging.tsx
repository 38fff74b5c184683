import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CompactInput, InlineActionForm } from "~/components/inline-action-form";
import { Pagination } from "~/components/pagination";
import { JUDGING_INTENTS, judgingBoard, judgingBoardAction } from "~/competition/judging/judging-admin.server";
import { readPageParams } from "~/forms/page-params";
import { isMessageKey, type MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { ConflictNotice } from "~/components/workflow/conflict-notice";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { parseStep, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  return judgingBoard(params.id!, readPageParams(url), url.searchParams.get("lacking") === "1");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const step = parseStep(await readForm(request), JUDGING_INTENTS);
  const result = await oneRequestPerCase(params.id!, () => judgingBoardAction(user, params.id!, step));
  if (!result.ok && isConflict(result.error)) return conflictRedirect(request, result.intent);
  if (!result.ok) return data(result, { status: result.status });
  // Back to the same page of the board (filters and page kept), with what was done.
  const back = new URL(request.url).searchParams;
  back.delete("conflict");
  back.set("done", result.done);
  return redirect(`/regulator/competitions/${params.id}/judging?${back}`);
}

function doneMessage(done: string): { key: MessageKey; params?: Record<string, number> } | null {
  const [intent, count] = done.split(":");
  if (intent === "AUTO_ASSIGN") return { key: "regulator.competition.assigned", params: { count: Number(count ?? 0) } };
  const key = `competitionSetup.done.${intent}`;
  return isMessageKey(key) ? { key } : null;
}

export default function JudgingBoard() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failure = failed && !failed.ok ? failed : null;
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = search.get("done");
  const notice = done && !failure ? doneMessage(done) : null;
  const judging = page.state === "judging";
  const alert = (intent: string, key = "") =>
    failure && failure.intent === intent && failure.key === key ? (
      <p className="alert" role="alert">
        {t(failure.error)}
      </p>
    ) : null;
  const lackingHref = (() => {
    const params = new URLSearchParams(search);
    params.delete("done");
    params.delete("page");
    if (page.onlyLacking) params.delete("lacking");
    else params.set("lacking", "1");
    return `?${params}`;
  })();
  return (
    <>
      <p className="muted">
        <Link to="/regulator/competitions">{t("competitionAdmin.list.title")}</Link> · <Link to={`/regulator/competitions/${page.id}`}>{page.title}</Link>
      </p>
      <div className="page-head">
        <h1>{t("competitionSetup.judging.title")}</h1>
        <div className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, "competition", "state", page.state)}</span>
        </div>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {t(notice.key, notice.params)}
        </p>
      ) : null}
      {!failure ? <ConflictNotice /> : null}
      {!judging ? <p className="muted">{t("competitionSetup.judging.notJudging")}</p> : null}

      <section className="panel" aria-labelledby="panel-title">
        <h2 id="panel-title">{t("competitionSetup.judging.panel")}</h2>
        {page.panel.length === 0 ? <p className="muted">{t("competitionSetup.judging.panelEmpty")}</p> : null}
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("competitionAdmin.progress.judge")}</th>
                <th scope="col" className="number">{t("competitionAdmin.progress.assigned")}</th>
                <th scope="col" className="number">{t("competitionAdmin.progress.drafts")}</th>
                <th scope="col" className="number">{t("competitionAdmin.progress.submitted")}</th>
                <th scope="col" className="number">{t("competitionSetup.judging.remaining")}</th>
              </tr>
            </thead>
            <tbody>
              {page.panel.map((j) => (
                <tr key={j.id}>
                  <td>{j.name}</td>
                  <td className="number">{j.assigned}</td>
                  <td className="number">{j.drafts}</td>
                  <td className="number">{j.submitted}</td>
                  <td className="number">{Math.max(0, j.assigned - j.submitted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {page.others.length > 0 ? (
          <Form method="post" className="judging-board__add" aria-label={t("competitionSetup.judging.addJudge")}>
            <input type="hidden" name="intent" value="ADD_JUDGE" />
            {alert("ADD_JUDGE")}
            <label htmlFor="add-judge">{t("competitionSetup.judging.addJudgeLabel")}</label>
            <select id="add-judge" name="judgeId">
              {page.others.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("competitionSetup.judging.addJudge")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="entries-title">
        <h2 id="entries-title">{t("competitionSetup.judging.entries")}</h2>
        <p>
          {page.lacking === 0
            ? t("competitionAdmin.progress.allScored", { min: page.minScores })
            : t("competitionAdmin.progress.lackingCount", { count: page.lacking, min: page.minScores })}{" "}
          <Link to={lackingHref}>{t(page.onlyLacking ? "competitionSetup.judging.showAll" : "competitionSetup.judging.onlyLacking")}</Link>
        </p>
        {judging ? (
          <Form method="post" aria-label={t("regulator.competition.autoAssign")}>
            <input type="hidden" name="intent" value="AUTO_ASSIGN" />
            <input type="hidden" name="seq" value={page.seq} />
            {alert("AUTO_ASSIGN")}
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("regulator.competition.autoAssign")}
            </button>
          </Form>
        ) : null}
        {page.entries.length === 0 ? <p className="muted">{t("competitionSetup.judging.noEntries")}</p> : null}
        <ul className="judging-board">
          {page.entries.map((e) => (
            <li key={e.id} className="judging-board__entry">
              <h3>
                <Link to={`/org/competitions/entries/${e.id}`}>{e.title}</Link>{" "}
                <span className="muted">{t("competitionSetup.judging.scoredOf", { submitted: e.submitted, min: page.minScores, assigned: e.assigned })}</span>
                {e.submitted < page.minScores ? <span className="badge badge--lacking">{t("regulator.competition.lacking")}</span> : null}
                {judging && e.assigned < page.judgesPerEntry ? <span className="badge badge--lacking">{t("competitionSetup.judging.shortOfJudges", { assigned: e.assigned, needed: page.judgesPerEntry })}</span> : null}
              </h3>
              {alert("UNASSIGN_JUDGE", e.id)}
              {alert("REOPEN", e.id)}
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("competitionAdmin.progress.judge")}</th>
                    <th scope="col">{t("competitionSetup.judging.sheet")}</th>
                    <th scope="col">{t("competitionSetup.judging.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.judges.map((j) => (
                    <tr key={j.id}>
                      <td>
                        {j.name}
                        {j.automatic ? <span className="muted"> · {t("competitionSetup.judging.automatic")}</span> : null}
                      </td>
                      <td>
                        {j.status === "conflicted" ? (
                          <>
                            <span className="badge">{t("competitionSetup.judging.recused")}</span>
                            {j.conflictReason ? <span className="muted"> · {j.conflictReason}</span> : null}
                          </>
                        ) : (
                          <span className={`badge badge--sheet-${j.sheet}`}>{t(`competitionSetup.sheet.${j.sheet}`)}</span>
                        )}
                        {j.reopenedReason ? <span className="muted"> · {t("competitionSetup.judging.reopenedBecause", { reason: j.reopenedReason })}</span> : null}
                      </td>
                      <td>
                        {judging && j.status === "active" && j.sheet === "submitted" ? (
                          <InlineActionForm
                            label={t("competitionSetup.judging.reopenFor", { judge: j.name, entry: e.title })}
                            hidden={{ intent: "REOPEN", key: e.id, entryId: e.id, judgeId: j.id }}
                            submit={t("competitionSetup.judging.reopen")}
                            busy={busy}
                            small
                          >
                            <CompactInput label={t("competition.field.reason")} name="reason" maxLength={1000} placeholder={t("competitionSetup.judging.reopenReason")} />
                          </InlineActionForm>
                        ) : null}
                        {judging && j.status === "active" && j.sheet !== "submitted" ? (
                          <InlineActionForm
                            label={t("competitionSetup.judging.unassignFor", { judge: j.name, entry: e.title })}
                            hidden={{ intent: "UNASSIGN_JUDGE", key: e.id, entryId: e.id, judgeId: j.id, seq: String(page.seq) }}
                            submit={t("competitionSetup.judging.unassign")}
                            busy={busy}
                            small
                          />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {judging ? (
                <InlineActionForm
                  label={t("competitionSetup.judging.assignTo", { entry: e.title })}
                  hidden={{ intent: "ASSIGN_JUDGE", key: e.id, entryId: e.id, seq: String(page.seq) }}
                  submit={t("competitionSetup.judging.assign")}
                  busy={busy}
                  small
                  primary
                >
                  {alert("ASSIGN_JUDGE", e.id)}
                  <label>
                    <span className="visually-hidden">{t("competitionAdmin.progress.judge")}</span>
                    <select name="judgeId" defaultValue="">
                      <option value="">{t("competitionSetup.judging.chooseJudge")}</option>
                      {e.candidates.map((j) => (
                        <option key={j.id} value={j.id}>
                          {j.name}
                        </option>
                      ))}
                    </select>
                  </label>
                </InlineActionForm>
              ) : null}
            </li>
          ))}
        </ul>
        <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
      </section>
    </>
  );
}
