import { DISPLAY_TIME_ZONE, formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

const DAY = 86_400_000;
// Made once: building an Intl.DateTimeFormat costs far more than formatting with one (it was a
// tenth of the campaign dashboard's render, two clocks × two dates per page).
const calendarDay = new Intl.DateTimeFormat("en-CA", { timeZone: DISPLAY_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** Calendar-day difference in Asia/Shanghai (a deadline at 00:30 Beijing time is "today" there). */
export function daysUntil(dueAt: string, now: string): number {
  const day = (iso: string) => {
    const [y, m, d] = calendarDay
      .format(new Date(iso))
      .split("-")
      .map(Number);
    return Date.UTC(y!, m! - 1, d!);
  };
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
