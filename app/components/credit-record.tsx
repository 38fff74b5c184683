import type { CreditRecordRow } from "~/daily-gate/credit-lists.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import { formatDate, formatLongDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/**
 * An organization's credit record: each listing in force with the article it applies and the day
 * each of its clocks runs out ("满 2 年将列入严重违法失信名单：2027年3月5日").
 */
export function CreditRecord({ rows, showEmpty = true }: { rows: CreditRecordRow[]; showEmpty?: boolean }) {
  const { t, locale } = useTranslation();
  if (rows.length === 0 && !showEmpty) return null;
  const day = (value: string) => formatLongDate(parseCalendarDate(value), locale);
  return (
    <section className="panel" aria-labelledby="credit-record-title">
      <h2 id="credit-record-title">{t("credit.record.title")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("credit.record.none")}</p>
      ) : (
        <>
          <ul className="credit-record">
            {rows.map((row) => (
              <li key={row.id}>
                <p>
                  <span className={`badge badge--credit-${row.list}`}>{t(`dailyGate.list.${row.list}`)}</span> {t(`dailyGate.reason.${row.reason}`)}
                  {row.detail ? ` · ${row.detail}` : ""}
                </p>
                <p className="muted">
                  {t("credit.record.listedOn", { date: formatDate(row.decidedAt, locale) })} · {t("dailyGate.field.basis")}：{row.basis}
                </p>
                {row.promotionDay ? <p className="credit-record__clock">{t("credit.clock.promotion", { date: day(row.promotionDay) })}</p> : null}
                {row.sixMonthRemovalDay ? <p className="credit-record__clock">{t("credit.clock.sixMonths", { date: day(row.sixMonthRemovalDay) })}</p> : null}
                {row.seriousStayEndsDay ? <p className="credit-record__clock">{t("credit.clock.seriousStay", { date: day(row.seriousStayEndsDay) })}</p> : null}
                {row.reason === "registrationRevoked" ? <p className="credit-record__clock">{t("credit.clock.untilDeregistered")}</p> : null}
              </li>
            ))}
          </ul>
          <p className="muted">{t("credit.clock.note")}</p>
        </>
      )}
    </section>
  );
}
