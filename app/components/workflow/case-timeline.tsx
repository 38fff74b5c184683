import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

export interface TimelineEntry {
  seq: number;
  event: string;
  from: string;
  to: string;
  actorName: string;
  actorRole: string;
  comment: string;
  payload: Record<string, unknown>;
  at: string;
}

/** Payload fields worth showing in the history (free text the actor wrote). */
const SHOWN_PAYLOAD = ["items", "reason", "opinion"];

/** The case's audit trail: who did what, when, from which step to which, and why. */
export function CaseTimeline({ entries, labelPrefix }: { entries: TimelineEntry[]; labelPrefix: string }) {
  const { t, locale } = useTranslation();
  if (entries.length === 0) return <p className="muted">{t("workflow.timeline.empty")}</p>;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("workflow.timeline")}</h2>
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.seq} className="timeline__item">
            <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
            <div>
              <strong>{t(`${labelPrefix}.event.${entry.event}` as MessageKey)}</strong>
              {entry.from ? (
                <span className="muted">
                  {" "}
                  · {t(`${labelPrefix}.state.${entry.from}` as MessageKey)} → {t(`${labelPrefix}.state.${entry.to}` as MessageKey)}
                </span>
              ) : null}
              <div className="muted">{t("workflow.timeline.by", { name: entry.actorName, role: t(`role.${entry.actorRole}` as MessageKey) })}</div>
              {SHOWN_PAYLOAD.filter((key) => typeof entry.payload[key] === "string" && entry.payload[key]).map((key) => (
                <p key={key} className="timeline__text">
                  {String(entry.payload[key])}
                </p>
              ))}
              {entry.comment ? <p className="timeline__text">{entry.comment}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
