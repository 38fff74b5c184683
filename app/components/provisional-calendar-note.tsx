import { countedOnProvisionalCalendar } from "~/domain/periods";
import { useTranslation } from "~/i18n/use-translation";

/**
 * "（按暂行日历计算）" beside a deadline that counts working days, or whose last day moves over rest
 * days, when it was counted on the provisional rule because its year's holiday notice is not out
 * (ADR 014). Pass only such deadlines: a plain calendar-day deadline never consults the calendar.
 */
export function ProvisionalCalendarNote({ deadline }: { deadline: string | null | undefined }) {
  const { t } = useTranslation();
  if (!deadline || !countedOnProvisionalCalendar(deadline)) return null;
  return (
    <small className="provisional-calendar" title={t("rules.provisionalCalendar.why")}>
      {t("rules.provisionalCalendar")}
      <span className="visually-hidden">{t("rules.provisionalCalendar.why")}</span>
    </small>
  );
}
