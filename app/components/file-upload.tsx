/**
 * A case's files: the list (download, delete while the case is editable) and an upload area.
 * Without JavaScript it is a plain multipart form that posts to the local upload route and
 * comes back with a notice. With JavaScript the files (dropped or chosen, several at once)
 * upload one after another with a progress bar each (XMLHttpRequest upload progress, or
 * UploadThing's client when that adapter is on) and the list refreshes.
 */
import { useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import type { AttachmentPanel } from "~/attachments/attachments.server";
import { readFileNotice } from "~/attachments/notices";
import { describeRefusal, type RefusalBody } from "~/attachments/refusal";
import type { AttachmentFileRouter } from "~/attachments/uploadthing.server";
import { acceptAttribute, checkFileClaim, extensionList, USE_RULES, type AttachmentUse } from "~/domain/attachment-uses";
import { formatDateTime } from "~/i18n/format";
import { isMessageKey, type Translate } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

interface QueueItem {
  key: string;
  name: string;
  state: "waiting" | "uploading" | "checking" | "done" | "failed";
  percent: number;
  error?: string;
}

type UploadOutcome = { ok: true } | { ok: false; message: string };

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function uploadUrl(panel: AttachmentPanel, use: AttachmentUse, back: string): string {
  const query = new URLSearchParams({ caseKind: panel.caseKind, caseId: panel.caseId, use, redirectTo: back });
  return `/files/upload?${query}`;
}

function uploadLocal(url: string, file: File, t: Translate, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 201) return resolve({ ok: true });
      try {
        const body = JSON.parse(xhr.responseText) as RefusalBody;
        resolve({ ok: false, message: isMessageKey(body.error) ? describeRefusal(t, body.error, body.params) : body.message });
      } catch {
        resolve({ ok: false, message: t("attachments.error.network", { name: file.name }) });
      }
    };
    xhr.onerror = () => resolve({ ok: false, message: t("attachments.error.network", { name: file.name }) });
    const body = new FormData();
    body.append("file", file);
    xhr.send(body);
  });
}

async function uploadToUploadThing(panel: AttachmentPanel, use: AttachmentUse, file: File, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  // Loaded only when that adapter is on, so the local default ships none of it.
  const { genUploader } = await import("uploadthing/client");
  const { uploadFiles } = genUploader<AttachmentFileRouter>({ url: "/api/uploadthing", package: "remix" });
  try {
    await uploadFiles(use, {
      files: [file],
      input: { caseKind: panel.caseKind, caseId: panel.caseId },
      onUploadProgress: ({ progress }) => onProgress(progress),
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function FileUpload({ panel, use, title, lead }: { panel: AttachmentPanel; use?: AttachmentUse; title: string; lead?: string }) {
  const { t, locale } = useTranslation();
  const location = useLocation();
  const revalidator = useRevalidator();
  const headingId = useId();
  const inputId = useId();
  const rulesId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [queue, setQueue] = useState<QueueItem[]>([]);
  const busy = queue.some((item) => item.state === "waiting" || item.state === "uploading" || item.state === "checking");
  // The choice being sent, so that it is sent once though it can reach us twice: from the change
  // handler and from the effect below when the script takes over. Cleared once the input is
  // emptied after the upload, since Firefox refills one FileList object in place for every choice.
  const sentChoice = useRef<FileList | null>(null);
  function sendChosen() {
    const chosen = inputRef.current?.files;
    if (!chosen || chosen.length === 0 || chosen === sentChoice.current) return;
    sentChoice.current = chosen;
    void uploadAll(Array.from(chosen));
  }
  useEffect(() => {
    setEnhanced(true);
    // Files chosen before the page's script took over would otherwise sit unsent, with the plain
    // form's button now hidden: send them now.
    sendChosen();
    // Once, when the script takes over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const back = `${location.pathname}${location.search}`;
  const uploadUse = use ?? panel.attachableUses[0];
  const canUpload = uploadUse !== undefined && panel.attachableUses.includes(uploadUse);
  const notice = readFileNotice(new URLSearchParams(location.search));
  const rule = uploadUse ? USE_RULES[uploadUse] : null;

  const update = (key: string, change: Partial<QueueItem>) =>
    setQueue((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  async function uploadAll(files: File[]) {
    if (!uploadUse || files.length === 0) return;
    const stamp = Date.now();
    const items: (QueueItem & { file: File })[] = files.map((file, i) => {
      const claim = checkFileClaim(uploadUse, file.name, file.size);
      return {
        key: `${stamp}-${i}`,
        name: file.name,
        file,
        percent: 0,
        state: claim.ok ? "waiting" : "failed",
        error: claim.ok ? undefined : describeRefusal(t, claim.key, claim.params),
      };
    });
    setQueue((current) => [...current.filter((item) => item.state !== "done"), ...items.map(({ file: _file, ...item }) => item)]);
    let uploaded = 0;
    for (const item of items.filter((i) => i.state === "waiting")) {
      update(item.key, { state: "uploading" });
      const onProgress = (percent: number) => update(item.key, percent >= 100 ? { percent: 100, state: "checking" } : { percent });
      const outcome =
        panel.adapter === "local"
          ? await uploadLocal(uploadUrl(panel, uploadUse, back), item.file, t, onProgress)
          : await uploadToUploadThing(panel, uploadUse, item.file, onProgress);
      if (outcome.ok) uploaded++;
      update(item.key, outcome.ok ? { state: "done", percent: 100 } : { state: "failed", error: outcome.message });
    }
    if (inputRef.current) inputRef.current.value = "";
    sentChoice.current = null;
    if (uploaded > 0) revalidator.revalidate();
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) void uploadAll(Array.from(event.dataTransfer.files));
  }

  return (
    <section className="panel attachments" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {lead ? <p className="muted">{lead}</p> : null}
      {notice.uploaded ? (
        <p className="notice" role="status">
          {t("attachments.uploaded", { count: notice.uploaded })}
        </p>
      ) : null}
      {notice.deleted ? (
        <p className="notice" role="status">
          {t("attachments.deleted")}
        </p>
      ) : null}
      {notice.error ? (
        <p className="alert" role="alert">
          {describeRefusal(t, notice.error.key, notice.error.params)}
        </p>
      ) : null}

      {panel.items.length === 0 ? (
        <p className="empty">{t("attachments.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t("attachments.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("attachments.field.name")}</th>
                <th scope="col">{t("attachments.field.use")}</th>
                <th scope="col">{t("attachments.field.size")}</th>
                <th scope="col">{t("attachments.field.uploadedAt")}</th>
                <th scope="col">{t("attachments.field.status")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {panel.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <a href={item.href} download={item.name} aria-label={t("attachments.downloadNamed", { name: item.name })}>
                      {item.name}
                    </a>
                  </td>
                  <td>{t(`attachments.use.${item.use}`)}</td>
                  <td>{formatFileSize(item.size)}</td>
                  <td>{formatDateTime(item.uploadedAt, locale)}</td>
                  <td>{item.reliedOn ? t("attachments.status.reliedOn") : t(`attachments.status.${item.status === "superseded" ? "superseded" : "active"}`)}</td>
                  <td>
                    {item.deletable ? (
                      <form
                        method="post"
                        action={`/files/${item.id}/delete`}
                        className="inline-form"
                        onSubmit={(event) => {
                          if (!window.confirm(t("attachments.deleteConfirm", { name: item.name }))) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="redirectTo" value={back} />
                        <button type="submit" className="button button--secondary button--small" aria-label={t("attachments.deleteNamed", { name: item.name })}>
                          {t("attachments.delete")}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canUpload && uploadUse && rule ? (
        <form
          method="post"
          encType="multipart/form-data"
          action={uploadUrl(panel, uploadUse, back)}
          className="upload-form"
          onSubmit={(event) => {
            if (!enhanced) return;
            event.preventDefault();
            sendChosen();
          }}
        >
          <div
            className={`dropzone${dragging ? " dropzone--active" : ""}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor={inputId}>{t("attachments.drop")}</label>
            <input
              ref={inputRef}
              id={inputId}
              type="file"
              name="file"
              multiple
              accept={acceptAttribute(uploadUse)}
              aria-describedby={rulesId}
              disabled={busy}
              // Not gated on `enhanced`: a handler that runs means the script is in charge, and a
              // change that lands after the effect but before the re-render would see it still false.
              onChange={sendChosen}
            />
          </div>
          <p className="muted" id={rulesId}>
            {t("attachments.rules", { extensions: extensionList(uploadUse), maxMiB: rule.maxMiB, maxCount: rule.maxCount })}
          </p>
          {panel.adapter === "local" ? (
            // With JavaScript, choosing files starts the upload; without it, this button sends the form.
            <button type="submit" className="button" hidden={enhanced}>
              {t("attachments.submit")}
            </button>
          ) : (
            <noscript>
              <p className="alert">{t("attachments.jsRequired")}</p>
            </noscript>
          )}
        </form>
      ) : !panel.editable ? (
        <p className="muted">{t("attachments.readOnly")}</p>
      ) : null}

      {queue.length > 0 ? (
        <ul className="upload-queue" aria-live="polite">
          {queue.map((item) => (
            <li key={item.key} className={`upload-queue__item upload-queue__item--${item.state}`}>
              <span className="upload-queue__name">{item.name}</span>
              <progress max={100} value={item.percent} aria-label={t("attachments.progress", { name: item.name })} />
              <span className="upload-queue__state">
                {item.state === "uploading"
                  ? t("attachments.state.uploading", { percent: item.percent })
                  : t(`attachments.state.${item.state}`)}
              </span>
              {item.error ? (
                <p className="field__error" role="alert">
                  {item.error}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
