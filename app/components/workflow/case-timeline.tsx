import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { actorRoleLabel, workflowLabel } from "~/i18n/labels";

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
              <strong>{workflowLabel(t, labelPrefix, "event", entry.event)}</strong>
              {entry.from ? (
                <span className="muted">
                  {" "}
                  · {workflowLabel(t, labelPrefix, "state", entry.from)} → {workflowLabel(t, labelPrefix, "state", entry.to)}
                </span>
              ) : null}
              <div className="muted">{t("workflow.timeline.by", { name: entry.actorName, role: actorRoleLabel(t, entry.actorRole) })}</div>
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
