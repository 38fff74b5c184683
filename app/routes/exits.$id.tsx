import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { FileUpload } from "~/components/file-upload";
import { CaseTimeline } from "~/components/workflow/case-timeline";
import { DueClock } from "~/components/workflow/due-clock";
import { ProvisionalCalendarNote } from "~/components/provisional-calendar-note";
import { IntentForms } from "~/components/workflow/intent-forms";
import { WorkflowDiagram } from "~/components/workflow/workflow-diagram";
import { EXIT_INTENT_FIELD_NAMES } from "~/exit-gate/exit-forms";
import { actOnExit, EXIT_INTENTS, exitCasePage } from "~/exit-gate/exits.server";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { conflictRedirect, isConflict, oneRequestPerCase } from "~/workflow/intents.server";
import { documentsOfCase } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { parseStep, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await exitCasePage(user, params.id!)), documents: await documentsOfCase(user, params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const step = parseStep(await readForm(request), EXIT_INTENTS);
  const result = await oneRequestPerCase(params.id!, () => actOnExit(user, params.id!, step));
  if (!result.ok && isConflict(result.errors._form)) return conflictRedirect(request, result.intent);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/exits/${params.id}?done=${result.intent}`);
}

/** Facts of the case worth showing, by kind (label key → value). */
function facts(page: ReturnType<typeof useLoaderData<typeof loader>>, locale: "zh-CN" | "en"): [MessageKey, string][] {
  const c = page.context as unknown as Record<string, unknown>;
  const rows: [MessageKey, string][] = [];
  const add = (key: MessageKey, value: unknown) => {
    if (typeof value === "string" && value) rows.push([key, value]);
  };
  if (page.kind === "deregistration") {
    add("exitGate.field.reason", c.reason);
    add("exitGate.field.note", (c.sponsorConsent as { note?: string } | null)?.note);
    add("exitGate.field.liquidationGroup", c.liquidationGroup);
    add("exitGate.field.assetsHandedTo", c.assetsHandedTo);
    for (const o of (c.objections as { at: string; text: string }[]) ?? []) add("exitGate.field.text", `${formatDate(o.at, locale)} ${o.text}`);
    add("exitGate.field.certificates", (c.certificatesReturned as { note?: string } | null)?.note);
  } else {
    add("exitGate.field.grounds", c.grounds);
    for (const e of (c.evidence as { at: string; text: string }[]) ?? []) add("exitGate.field.evidence", `${formatDate(e.at, locale)} ${e.text}`);
    add("exitGate.field.record", (c.hearing as { record?: string } | null)?.record);
    add("exitGate.field.decision", (c.decision as { reason?: string } | null)?.reason);
    add("exitGate.field.method", (c.service as { method?: string } | null)?.method);
  }
  return rows;
}

export default function ExitCase() {
  const { t, locale } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const done = search.get("done");
  const stepFailure = failed && !failed.ok ? failed : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">{t(`exitGate.kind.${page.kind}`)}</p>
          <h1>{page.title}</h1>
          {page.organization ? (
            <p className="muted">
              {page.organization.uscc}
              <CreditBadges lists={page.organization.creditLists} />
            </p>
          ) : null}
        </div>
        <div className="page-head__status">
          <span className={`badge badge--${page.state}`}>{workflowLabel(t, page.kind, "state", page.state)}</span>
          <DueClock dueAt={page.dueAt} now={page.now} />
          {/* A revocation's clock is the hearing request's 5 working days; a deregistration's are plain days. */}
          <ProvisionalCalendarNote deadline={page.kind === "revocation" ? page.dueAt : null} />
        </div>
      </div>
      {done && !failed ? (
        <p className="notice" role="status">
          {t("workflow.done", { action: workflowLabel(t, page.kind, "event", done) })}
        </p>
      ) : null}
      <div className="case-layout">
        <div className="case-layout__main">
          <section className="panel">
            <h2>{t("exitGate.section.facts")}</h2>
            <dl className="facts">
              {facts(page, locale).map(([key, value], i) => (
                <div key={`${key}-${i}`}>
                  <dt>{t(key)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          {page.kind === "deregistration" && page.state === "application" ? (
            <FileUpload panel={page.files} use="sponsorConsent" title={t("exitGate.files.consent")} />
          ) : (
            <FileUpload panel={page.files} use="liquidationReport" title={t(page.kind === "deregistration" ? "exitGate.files.liquidation" : "exitGate.files.evidence")} />
          )}
          <IntentForms
            intents={page.intents}
            fieldNames={EXIT_INTENT_FIELD_NAMES}
            labelPrefix={page.kind}
            seq={page.seq}
            failure={stepFailure}
            secondary={["WITHDRAW", "CLOSE_CASE", "RAISE_OBJECTION", "RETURN_TO_LIQUIDATION"]}
          />
          <DocumentsPanel list={page.documents} />
          <CaseTimeline entries={page.history} labelPrefix={page.kind} />
        </div>
        <aside className="case-layout__side">
          <WorkflowDiagram diagram={page.diagram} current={page.state} visited={page.visited} labelPrefix={page.kind} />
        </aside>
      </div>
    </>
  );
}
