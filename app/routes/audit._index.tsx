import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, BREAK_REASONS } from "~/audit/actions";
import { auditFilterSchema } from "~/audit/audit-forms";
import { auditPage, startAuditVerification, verificationStatus } from "~/audit/audit-query.server";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { FilterForm, FilterSelect } from "~/components/filter-form";
import { Notice } from "~/components/notice";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { parseIntent, readForm } from "~/forms/parse-form";
import { actorRoleLabel, vocabularyLabel } from "~/i18n/labels";

/** The audit administrator's workbench: the trail (filter, page, export) and its verification status. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "auditadmin");
  const url = new URL(request.url);
  const filter = auditFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!filter.success || url.searchParams.size !== new Set(url.searchParams.keys()).size) throw new Response("Bad Request", { status: 400 });
  const [page, status] = await Promise.all([auditPage(filter.data), verificationStatus()]);
  return { ...page, filter: filter.data, verification: status.latest, running: status.running };
}

/** "Verify now": walks the whole chain after answering; the page shows its progress and then the verdict. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "auditadmin");
  parseIntent(await readForm(request), ["verify"]);
  if (!(await verificationStatus()).running) startAuditVerification(user);
  throw redirect("/audit?notice=verifying");
}

const NOTICES = { verifying: "audit.notice.verifying", passwordChanged: "password.changed" } as const;

/** While a verification runs, the page asks again every two seconds (without script: the link). */
function useRevalidateWhile(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [active, revalidate, state]);
}

export default function AuditTrail() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const busy = useNavigation().state === "submitting";
  const v = data.verification;
  useRevalidateWhile(Boolean(data.running));
  const exportQuery = new URLSearchParams(search);
  exportQuery.delete("page");
  exportQuery.delete("notice");
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <Notice notices={NOTICES} />

      <section className={`panel audit-status${v && !v.ok ? " audit-status--broken" : ""}`} aria-labelledby="status-title">
        <h2 id="status-title">{t("audit.status.title")}</h2>
        {v ? (
          <p role={v.ok ? undefined : "alert"}>
            {v.ok
              ? t("audit.status.ok", { count: v.checked, at: formatDateTime(v.at, locale), ms: v.durationMs })
              : t("audit.status.broken", { seq: v.brokenSeq ?? 0, reason: vocabularyLabel(t, BREAK_REASONS, (reason) => `audit.broken.${reason}`, v.brokenReason ?? ""), at: formatDateTime(v.at, locale) })}
          </p>
        ) : (
          <p>{t("audit.status.never")}</p>
        )}
        {v?.ok && v.headHash ? (
          <p className="muted">
            {t("audit.status.head", { seq: v.headSeq })} <code className="mono audit-hash">{v.headHash}</code>
          </p>
        ) : null}
        {data.running ? (
          <p role="status" className="audit-progress">
            {t("audit.status.running", { count: data.running.checked })} <Link to="/audit">{t("audit.status.refresh")}</Link>
          </p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="verify" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t("audit.verify")}
            </button>
          </Form>
        )}
      </section>

      <FilterForm className="filters panel" role="search">
        <div className="field">
          <label htmlFor="filter-from">{t("audit.filter.from")}</label>
          <input id="filter-from" name="from" type="date" defaultValue={data.filter.from} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("audit.filter.to")}</label>
          <input id="filter-to" name="to" type="date" defaultValue={data.filter.to} />
        </div>
        <div className="field">
          <label htmlFor="filter-actor">{t("audit.filter.actor")}</label>
          <input id="filter-actor" name="actor" maxLength={64} defaultValue={data.filter.actor} />
        </div>
        <FilterSelect name="action" label={t("audit.filter.action")} value={data.filter.action} options={AUDIT_ACTIONS.map((a) => [a, t(`audit.action.${a}`)])} />
        <FilterSelect name="outcome" label={t("audit.filter.outcome")} value={data.filter.outcome} options={AUDIT_OUTCOMES.map((o) => [o, t(`audit.outcome.${o}`)])} />
        <div className="field">
          <label htmlFor="filter-object">{t("audit.filter.object")}</label>
          <input id="filter-object" name="object" maxLength={100} defaultValue={data.filter.object} />
        </div>
        <button type="submit" className="button">
          {t("register.apply")}
        </button>
        <a className="button button--secondary" href={`/audit/export${exportQuery.size ? `?${exportQuery}` : ""}`} download>
          {t("audit.export")}
        </a>
      </FilterForm>

      <DataTable
        rows={data.items}
        rowKey={(r) => r.seq}
        empty={t("audit.empty")}
        className="audit-table"
        columns={[
          { header: t("audit.column.seq"), cell: (r) => r.seq, className: "numeric" },
          { header: t("audit.column.at"), cell: (r) => formatDateTime(r.at, locale) },
          { header: t("audit.column.actor"), cell: (r) => (r.username ? `${r.username}${r.displayName ? `（${r.displayName}）` : ""}` : r.displayName) },
          { header: t("field.role"), cell: (r) => actorRoleLabel(t, r.role) },
          { header: t("audit.column.address"), cell: (r) => r.address || "—", className: "mono" },
          { header: t("audit.column.action"), cell: (r) => vocabularyLabel(t, AUDIT_ACTIONS, (action) => `audit.action.${action}`, r.action) },
          { header: t("audit.column.object"), cell: (r) => [r.objectLabel, r.objectId].filter(Boolean).join(" · ") || "—" },
          { header: t("audit.column.outcome"), cell: (r) => <span className={`badge audit-outcome--${r.outcome}`}>{t(`audit.outcome.${r.outcome}`)}</span> },
          { header: t("audit.column.detail"), cell: (r) => r.detail || "—", className: "audit-detail" },
        ]}
      />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
