import { toCalendarDateString } from "~/domain/calendar-date";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

const DAY = 86_400_000;

/** Calendar-day difference in Asia/Shanghai (a deadline at 00:30 Beijing time is "today" there). */
export function daysUntil(dueAt: string, now: string): number {
  // Arithmetic, not an Intl formatter (building one was a tenth of the campaign dashboard's render).
  const day = (iso: string) => Date.parse(toCalendarDateString(iso));
  return Math.round((day(dueAt) - day(now)) / DAY);
}

/** A statutory clock as a countdown: "剩余 12 天", "今天到期", or "已超期 3 天". */
export function DueClock({ dueAt, now }: { dueAt: string | null; now: string }) {
  const { t, locale } = useTranslation();
  if (!dueAt) return null;
  const days = daysUntil(dueAt, now);
  const date = formatDate(dueAt, locale);
  const tone = days < 0 ? "due-clock--overdue" : days <= 7 ? "due-clock--soon" : "";
  return (
    <span className={`due-clock ${tone}`}>
      {days > 0
        ? t("workflow.clock.remaining", { days, date })
        : days === 0
          ? t("workflow.clock.today", { date })
          : t("workflow.clock.overdue", { days: -days, date })}
    </span>
  );
}
