/**
 * The documents a case (or an organization) has received: 文号, kind, date, whether it is current
 * or corrected, a download link (the server checks access on every download) and the public
 * verification link. Regulators can issue a correction, which asks first (it cannot be undone).
 */
import { Link, useFetcher } from "@remix-run/react";
import type { DocumentList, DocumentListItem } from "~/documents/access.server";
import { DOCUMENT_KIND_INFO } from "~/domain/document-kinds";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { DataTable } from "./data-table";

export function DocumentsPanel({ list, lead }: { list: DocumentList; lead?: MessageKey }) {
  const { t, locale } = useTranslation();
  return (
    <section className="panel documents-panel" id="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t("documents.title")}</h2>
      <p className="muted">{t(lead ?? "documents.lead")}</p>
      <DataTable
        rows={list.items}
        empty={t("documents.empty")}
        columns={[
          {
            header: t("documents.field.number"),
            cell: (d) => (
              <>
                <strong>{t(DOCUMENT_KIND_INFO[d.kind].label)}</strong>
                <br />
                <span className="mono">{d.number}</span>
              </>
            ),
          },
          { header: t("documents.field.issuedAt"), cell: (d) => formatDate(d.issuedAt, locale) },
          {
            header: t("documents.field.status"),
            cell: (d) =>
              d.status === "superseded" ? (
                <span className="badge badge--superseded">{t("documents.status.superseded")}</span>
              ) : (
                <span className="badge badge--registered">{t("documents.status.current")}</span>
              ),
          },
          {
            header: t("documents.field.file"),
            cell: (d) => (
              <span className="inline-actions">
                <a href={`/documents/${d.id}`} download aria-label={t("documents.downloadNamed", { number: d.number })}>
                  {t("documents.download")}
                </a>
                <Link to={`/verify/${d.verificationCode}`}>{t("documents.verifyLink")}</Link>
              </span>
            ),
          },
          list.mayCorrect && { header: t("documents.correct"), cell: (d) => (d.status === "current" ? <CorrectionForm document={d} /> : null) },
        ]}
      />
    </section>
  );
}

function CorrectionForm({ document }: { document: DocumentListItem }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; error?: MessageKey }>();
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  const busy = fetcher.state !== "idle";
  return (
    <details className="documents-panel__correct">
      <summary>
        {t("documents.correct")}
        <span className="visually-hidden"> {document.number}</span>
      </summary>
      <fetcher.Form
        method="post"
        action={`/documents/${document.id}`}
        onSubmit={(event) => {
          if (!window.confirm(t("documents.correctConfirm", { number: document.number }))) event.preventDefault();
        }}
      >
        <p className="muted">{t("documents.correctHint")}</p>
        <label>
          {t("documents.correctReason")}
          <textarea name="reason" rows={2} maxLength={500} required aria-invalid={error ? true : undefined} />
        </label>
        {error ? (
          <p className="field__error" role="alert">
            {t(error)}
          </p>
        ) : null}
        <button type="submit" className="button button--secondary button--small" disabled={busy}>
          {t("documents.correct")}
        </button>
      </fetcher.Form>
    </details>
  );
}
