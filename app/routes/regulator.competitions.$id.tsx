import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { ProvisionalCalendarNote } from "~/components/provisional-calendar-note";
import { BarChart } from "~/components/bar-chart";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { StepButton } from "~/components/workflow/intent-forms";
import { CompactInput, InlineActionForm } from "~/components/inline-action-form";
import { Pagination } from "~/components/pagination";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { FUNDED_STATES, isDefaultCategory } from "~/domain/competition";
import { fundingCharts } from "~/competition/funding/funding-charts.server";
import { COMPETITION_PAGE_INTENTS, competitionCasePage, competitionPageAction } from "~/competition/regulator.server";
import { getLocale } from "~/i18n/locale.server";
import { readPageParams } from "~/forms/page-params";
import { formatDate, formatDateTime, formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { CreditBadges } from "~/components/credit-badges";
import { ConflictNotice } from "~/components/workflow/conflict-notice";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { parseStep, readForm } from "~/forms/parse-form";
import { COMPETITION_PUBLISHED_STATES } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const [page, locale, documents] = await Promise.all([competitionCasePage(params.id!, readPageParams(new URL(request.url))), getLocale(request), documentsOfCase(user, params.id!)]);
  return { ...page, documents, charts: page.dashboard ? fundingCharts(page.dashboard, locale) : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const step = parseStep(await readForm(request), COMPETITION_PAGE_INTENTS);
  const result = await oneRequestPerCase(params.id!, () => competitionPageAction(user, params.id!, step));
  if (!result.ok && isConflict(result.error)) {
    // A tranche that lost to another payment names the voucher that was not recorded.
    const payment = result.intent === "RECORD_TRANCHE" ? { voucher: result.values.voucherNumber ?? "", key: result.values.key ?? "" } : undefined;
    return conflictRedirect(request, result.intent, payment);
  }
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/regulator/competitions/${params.id}?done=${encodeURIComponent(result.done)}`);
}

const FUNDED: readonly string[] = FUNDED_STATES;

function doneMessage(done: string): { key: MessageKey; params?: Record<string, string | number> } {
  const [intent] = done.split(":");
  if (intent === "CREATED") return { key: "competitionAdmin.created" };
  if (intent === "ADJUST_AWARD") return { key: "regulator.competition.adjusted" };
  if (intent === "RESOLVE_OBJECTION") return { key: "competitionAdmin.objections.resolved" };
  if (intent === "RECORD_TRANCHE") return { key: "regulator.competition.trancheRecorded" };
  return { key: "workflow.done" };
}

export default function RegulatorCompetition() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failure = failed && !failed.ok ? failed : null;
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = search.get("done");
  const yuan = (fen: number) => formatMoney(fen, locale);
  const category = (c: string) => (isDefaultCategory(c) ? t(`competition.category.${c}`) : c);
  const failureFor = (intent: string, key?: string) => (failure && failure.intent === intent && (!key || failure.values.key === key) ? failure : null);
  const alert = (intent: string, key?: string) => {
    const f = failureFor(intent, key);
    return f ? (
      <p className="alert" role="alert">
        {t(f.error, f.params)}
      </p>
    ) : null;
  };
  const notice = done && !failure ? doneMessage(done) : null;
  const forced = (page.context.forcedClose ?? null) as { reason: string } | null;
  const unpaid = page.entries.flatMap((e) => e.dueTranches.filter((i) => !e.paidTranches.includes(i)).map((i) => ({ entry: e, index: i })));
  const pendingObjections = page.objections.filter((o) => o.status === "pending");
  return (
    <>
      <p className="muted">
        <Link to="/regulator/competitions">{t("competitionAdmin.list.title")}</Link>
      </p>
      <div className="page-head">
        <div>
          <p className="muted">
            {page.year} · {page.theme}
          </p>
          <h1>{page.title}</h1>
        </div>
        <div className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, "competition", "state", page.state)}</span>
          {isOneOf(COMPETITION_PUBLISHED_STATES, page.state) ? <Link to={`/competitions/${page.id}`}>{t("competitionAdmin.publicPage")}</Link> : null}
        </div>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {t(notice.key, notice.params ?? { action: workflowLabel(t, "competition", "event", done ?? "") })}
        </p>
      ) : null}
      {!failure ? <ConflictNotice detail={(intent, search) => (intent === "RECORD_TRANCHE" ? { key: "competition.conflict.RECORD_TRANCHE", params: { voucher: search.get("voucher") ?? "" } } : null)} /> : null}

      <div className="case-layout">
        <div className="case-layout__main">
          <section className="panel" aria-labelledby="facts-title">
            <h2 id="facts-title">{t("competition.title")}</h2>
            <dl className="facts">
              <div>
                <dt>{t("competition.field.budget")}</dt>
                <dd>{yuan(page.budgetFen)}</dd>
              </div>
              <div>
                <dt>{t("competition.field.cap")}</dt>
                <dd>{yuan(page.capFen)}</dd>
              </div>
              <div>
                <dt>{t("regulator.competition.paid")}</dt>
                <dd>{yuan(page.paidFen)}</dd>
              </div>
              <div>
                <dt>{t("competition.field.entries")}</dt>
                <dd>{page.entries.length}</dd>
              </div>
              {page.context.announcementEndsAt ? (
                <div>
                  <dt>{t("competition.field.announcementEndsAt")}</dt>
                  <dd>
                    {formatDateTime(String(page.context.announcementEndsAt), locale)} <ProvisionalCalendarNote deadline={String(page.context.announcementEndsAt)} />
                  </dd>
                </div>
              ) : null}
            </dl>
            {forced ? <p className="muted">{t("regulator.competition.forced", { reason: forced.reason })}</p> : null}
            <p className="competition-admin__links">
              {page.state === "draft" ? <Link to={`/regulator/competitions/${page.id}/settings`}>{t("competitionSetup.settings.link")}</Link> : null}{" "}
              <Link to={`/regulator/competitions/${page.id}/judging`}>{t("competitionSetup.judging.link")}</Link>
            </p>
          </section>

          <section className="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{t("regulator.competition.actions")}</h2>
            {page.intents.length === 0 ? <p className="muted">{t("workflow.actions.none")}</p> : null}
            <div className="action-forms">
              {page.intents.map((intent) => (
                <Form method="post" key={intent} className="action-form" aria-label={t(`competition.event.${intent}`)}>
                  <input type="hidden" name="intent" value={intent} />
                  <input type="hidden" name="seq" value={page.seq} />
                  {alert(intent)}
                  {intent === "CLOSE_JUDGING" ? (
                    <div className="field">
                      <label>
                        <input type="checkbox" name="force" /> {t("competition.field.force")}
                      </label>
                    </div>
                  ) : null}
                  <div className="field">
                    <label htmlFor={`${intent}-reason`}>{t(intent === "CLOSE_JUDGING" || intent === "REOPEN_JUDGING" ? "competition.field.reason" : "workflow.comment")}</label>
                    <input id={`${intent}-reason`} name="reason" maxLength={1000} defaultValue={failureFor(intent)?.values.reason ?? ""} />
                  </div>
                  <StepButton area="competition" intent={intent} label={t(`competition.event.${intent}`)} busy={busy} />
                </Form>
              ))}
            </div>
          </section>

          {page.progress ? (
            <section className="panel" aria-labelledby="progress-title">
              <h2 id="progress-title">{t("regulator.competition.progress")}</h2>
              <p>
                {page.progress.lacking === 0
                  ? t("competitionAdmin.progress.allScored", { min: page.minScores })
                  : t("competitionAdmin.progress.lackingCount", { count: page.progress.lacking, min: page.minScores })}
              </p>
              <p>
                <Link to={`/regulator/competitions/${page.id}/judging`}>{t("competitionSetup.judging.link")}</Link>
              </p>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t("regulator.competition.ranking")}</h2>
            {page.ranking ? (
              <p>
                <a href={`/regulator/competitions/${page.id}/export`} download>
                  {t("regulator.competition.export")}
                </a>
              </p>
            ) : null}
            {!page.ranking ? (
              <p className="muted">{t("competitionAdmin.ranking.none")}</p>
            ) : (
              <>
                <dl className="facts">
                  <div>
                    <dt>{t("regulator.competition.committed")}</dt>
                    <dd>{yuan(page.ranking.committedFen)}</dd>
                  </div>
                  <div>
                    <dt>{t("regulator.competition.leftover")}</dt>
                    <dd>{yuan(page.ranking.leftoverFen)}</dd>
                  </div>
                </dl>
                {alert("ADJUST_AWARD")}
                <div className="table-wrap" tabIndex={0}>
                  <table className="competition-ranking">
                    <thead>
                      <tr>
                        <th scope="col">{t("regulator.competition.rank")}</th>
                        <th scope="col">{t("competitionAdmin.ranking.entry")}</th>
                        <th scope="col">{t("regulator.competition.finalScore")}</th>
                        <th scope="col">{t("regulator.competition.judgeTotals")}</th>
                        <th scope="col">{t("regulator.competition.spread")}</th>
                        <th scope="col">{t("regulator.competition.requested")}</th>
                        <th scope="col">{t("regulator.competition.awarded")}</th>
                        {page.state === "ranking" ? <th scope="col">{t("regulator.competition.adjust")}</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {page.ranking.lines.map((l) => (
                        <tr key={l.entryId}>
                          <td>{l.rank}</td>
                          <td>{l.title}</td>
                          <td>{l.finalScore.toFixed(2)}</td>
                          <td>{l.totals.map((x) => x.toFixed(1)).join(" / ")}</td>
                          <td>
                            {l.spread === null ? "—" : l.spread.toFixed(1)}
                            {l.disagreement ? <span className="badge badge--disagreement">{t("regulator.competition.disagreement")}</span> : null}
                          </td>
                          <td>{yuan(l.requestedFen)}</td>
                          <td>
                            {yuan(l.awardFen)}
                            {l.adjusted ? <span className="muted"> ({t("competitionAdmin.ranking.adjustedMark")})</span> : null}
                          </td>
                          {page.state === "ranking" ? (
                            <td>
                              <InlineActionForm
                                label={`${t("regulator.competition.adjust")}: ${l.title}`}
                                hidden={{ intent: "ADJUST_AWARD", entryId: l.entryId }}
                                submit={t("regulator.competition.adjust")}
                                busy={busy}
                              >
                                <CompactInput label={t("competitionAdmin.ranking.newAward")} name="award" inputMode="decimal" size={9} placeholder={t("competitionAdmin.ranking.newAward")} />
                                <CompactInput label={t("competition.field.reason")} name="reason" maxLength={1000} placeholder={t("competition.field.reason")} />
                              </InlineActionForm>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pagination page={page.ranking.page} pageSize={page.ranking.pageSize} total={page.ranking.total} />
                {page.ranking.incomplete.length > 0 ? (
                  <>
                    <h3>{t("regulator.competition.incomplete")}</h3>
                    <ul>
                      {page.ranking.incomplete.map((e) => (
                        <li key={e.entryId}>
                          {e.title}（{e.scoreCount}）
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            )}
            {page.adjustments.length > 0 ? (
              <>
                <h3>{t("competitionAdmin.adjustments.title")}</h3>
                <ul>
                  {page.adjustments.map((a) => (
                    <li key={`${a.entryId}-${a.at}`}>
                      {formatDateTime(a.at, locale)} · {a.title} → {yuan(a.awardFen)} · {a.reason} · {t("competitionAdmin.adjustments.by")}：{a.byName}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="objections-title">
            <h2 id="objections-title">{t("regulator.competition.objections")}</h2>
            {page.objections.length === 0 ? <p className="muted">{t("competitionAdmin.objections.empty")}</p> : null}
            <ul className="objection-list">
              {page.objections.map((o) => (
                <li key={o.id}>
                  <p>
                    <span className={`badge badge--${o.status}`}>{t(`competitionAdmin.objections.status.${o.status}`)}</span> {formatDateTime(o.receivedAt, locale)} ·{" "}
                    {t("competitionAdmin.objections.from")}：{o.name}（{o.contact}）{o.entryTitle ? ` · ${t("competitionAdmin.objections.entry")}：${o.entryTitle}` : ""}
                  </p>
                  <p>{o.reason}</p>
                  {o.resolution ? (
                    <p className="muted">
                      {t("regulator.competition.resolution")}：{o.resolution}
                    </p>
                  ) : null}
                  {o.status === "pending" && pendingObjections.length > 0 ? (
                    <Form method="post" className="action-form" aria-label={`${t("regulator.competition.resolution")}: ${o.name}`}>
                      <input type="hidden" name="intent" value="RESOLVE_OBJECTION" />
                      <input type="hidden" name="objectionId" value={o.id} />
                      <input type="hidden" name="key" value={o.id} />
                      {alert("RESOLVE_OBJECTION", o.id)}
                      <div className="field">
                        <label htmlFor={`resolution-${o.id}`}>{t("regulator.competition.resolution")}</label>
                        <textarea id={`resolution-${o.id}`} name="resolution" rows={2} maxLength={2000} />
                      </div>
                      <div className="competition-admin__buttons">
                        <button type="submit" name="decision" value="dismiss" className="button" disabled={busy}>
                          {t("regulator.competition.dismiss")}
                        </button>
                        <button type="submit" name="decision" value="uphold" className="button button--secondary" disabled={busy}>
                          {t("regulator.competition.uphold")}
                        </button>
                      </div>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>

          <section className="panel" aria-labelledby="tranches-title">
            <h2 id="tranches-title">{t("regulator.competition.disbursements")}</h2>
            <h3>{t("competitionAdmin.tranches.due")}</h3>
            {unpaid.length === 0 ? <p className="muted">{t("competitionAdmin.tranches.none")}</p> : null}
            <ul className="tranche-list">
              {unpaid.map(({ entry, index }) => {
                const key = `${entry.id}-${index}`;
                const tranche = page.tranchePlan[index];
                return (
                  <li key={key}>
                    <Form method="post" className="action-form" aria-label={`${t("regulator.competition.recordTranche")}: ${entry.title}`}>
                      <p>
                        <strong>
                          <Link to={`/regulator/competitions/entries/${entry.id}`}>{entry.title}</Link>
                        </strong>{" "}
                        · {t("regulator.competition.tranche", { n: index + 1, percent: tranche?.percent ?? 0 })}
                        {tranche ? ` · ${t(`competition.trigger.${tranche.trigger}`)}` : ""}
                      </p>
                      <input type="hidden" name="intent" value="RECORD_TRANCHE" />
                      <input type="hidden" name="entryId" value={entry.id} />
                      <input type="hidden" name="trancheIndex" value={index} />
                      <input type="hidden" name="seq" value={entry.seq} />
                      <input type="hidden" name="key" value={key} />
                      {alert("RECORD_TRANCHE", key)}
                      <div className="field">
                        <label htmlFor={`voucher-${key}`}>{t("regulator.competition.voucher")}</label>
                        <input id={`voucher-${key}`} name="voucherNumber" maxLength={64} required defaultValue={failureFor("RECORD_TRANCHE", key)?.values.voucherNumber ?? ""} />
                      </div>
                      <div className="field">
                        <label htmlFor={`paidOn-${key}`}>{t("regulator.competition.paidOn")}</label>
                        <input id={`paidOn-${key}`} name="paidOn" type="date" required defaultValue={failureFor("RECORD_TRANCHE", key)?.values.paidOn ?? ""} />
                      </div>
                      <button type="submit" className="button" disabled={busy}>
                        {t("regulator.competition.recordTranche")}
                      </button>
                    </Form>
                  </li>
                );
              })}
            </ul>
            {page.disbursements.length > 0 ? (
              <>
                <h3>{t("competitionAdmin.tranches.history")}</h3>
                <div className="table-wrap" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("competitionAdmin.ranking.entry")}</th>
                        <th scope="col">{t("regulator.competition.paidOn")}</th>
                        <th scope="col">{t("competitionAdmin.tranches.amount")}</th>
                        <th scope="col">{t("regulator.competition.voucher")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.disbursements.map((d) => (
                        <tr key={`${d.entryId}-${d.trancheIndex}`}>
                          <td>
                            {page.entries.find((e) => e.id === d.entryId)?.title ?? ""} · {t("regulator.competition.tranche", { n: d.trancheIndex + 1, percent: page.tranchePlan[d.trancheIndex]?.percent ?? 0 })}
                          </td>
                          <td>{formatDate(d.paidOn, locale)}</td>
                          <td>{yuan(d.amountFen)}</td>
                          <td>{d.voucherNumber}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            ) : null}
          </section>

          {page.dashboard ? (
            <section className="panel" aria-labelledby="dashboard-title">
              <h2 id="dashboard-title">{t("competitionAdmin.dashboard.title")}</h2>
              <dl className="facts">
                <div>
                  <dt>{t("competitionAdmin.dashboard.projects")}</dt>
                  <dd>{page.dashboard.projects}</dd>
                </div>
                <div>
                  <dt>{t("regulator.competition.committed")}</dt>
                  <dd>{yuan(page.dashboard.committedFen)}</dd>
                </div>
                <div>
                  <dt>{t("regulator.competition.paid")}</dt>
                  <dd>{yuan(page.dashboard.paidFen)}</dd>
                </div>
                <div>
                  <dt>{t("competitionAdmin.dashboard.beneficiaries")}</dt>
                  <dd>{page.dashboard.beneficiaries}</dd>
                </div>
              </dl>
              <div className="competition-admin__charts">
                {page.charts ? Object.entries(page.charts).map(([name, chart]) => <BarChart key={name} chart={chart} />) : null}
              </div>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="entries-title">
            <h2 id="entries-title">{t("regulator.competition.entries")}</h2>
            <p className="muted">{t("competitionAdmin.entries.count", { count: page.entries.length })}</p>
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("competitionAdmin.ranking.entry")}</th>
                    <th scope="col">{t("entry.field.category")}</th>
                    <th scope="col">{t("regulator.competition.requested")}</th>
                    <th scope="col">{t("competition.field.state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link to={FUNDED.includes(e.state) ? `/regulator/competitions/entries/${e.id}` : `/org/competitions/entries/${e.id}`}>{e.title || "—"}</Link>
                        <CreditBadges lists={e.creditLists} />
                      </td>
                      <td>{e.category ? category(e.category) : ""}</td>
                      <td>{yuan(e.requestedFen)}</td>
                      <td>{workflowLabel(t, "entry", "state", e.state)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <DocumentsPanel list={page.documents} />
          <CaseTimeline entries={page.history} labelPrefix="competition" />
        </div>
        <aside className="case-layout__side">
          <WorkflowDiagram diagram={page.diagram} current={page.state} visited={page.visited} labelPrefix="competition" />
        </aside>
      </div>
    </>
  );
}
