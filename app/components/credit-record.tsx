import { DataTable } from "~/components/data-table";
import type { CreditRecordRow } from "~/daily-gate/credit-lists.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import { formatDate, formatLongDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/**
 * An organization's credit record, as its public page discloses it and the register shows it:
 * each listing in force with its reason, date, deciding authority and the article it applies, and
 * the day each of its clocks runs out ("满 2 年将列入严重违法失信名单：2027年3月5日").
 */
export function CreditRecord({ rows, showEmpty = true }: { rows: CreditRecordRow[]; showEmpty?: boolean }) {
  const { t, locale } = useTranslation();
  if (rows.length === 0 && !showEmpty) return null;
  const day = (value: string) => formatLongDate(parseCalendarDate(value), locale);
  const clocks = (row: CreditRecordRow) =>
    [
      row.promotionDay ? t("credit.clock.promotion", { date: day(row.promotionDay) }) : null,
      row.sixMonthRemovalDay ? t("credit.clock.sixMonths", { date: day(row.sixMonthRemovalDay) }) : null,
      row.seriousStayEndsDay ? t("credit.clock.seriousStay", { date: day(row.seriousStayEndsDay) }) : null,
      row.reason === "registrationRevoked" ? t("credit.clock.untilDeregistered") : null,
    ].filter((text): text is string => text !== null);
  return (
    <section className="panel" aria-labelledby="credit-title">
      <h2 id="credit-title">{t("disclosure.credit.title")}</h2>
      <DataTable
        rows={rows}
        empty={t("disclosure.credit.none")}
        columns={[
          { header: t("disclosure.credit.list"), cell: (row) => t(`dailyGate.list.${row.list}`) },
          { header: t("disclosure.credit.reason"), cell: (row) => (row.detail ? `${t(`dailyGate.reason.${row.reason}`)}：${row.detail}` : t(`dailyGate.reason.${row.reason}`)) },
          { header: t("disclosure.credit.date"), cell: (row) => formatDate(row.decidedAt, locale) },
          { header: t("disclosure.credit.authority"), cell: (row) => row.authority },
          { header: t("dailyGate.field.basis"), cell: (row) => row.basis },
          {
            header: t("credit.record.clock"),
            cell: (row) =>
              clocks(row).map((text) => (
                <p key={text} className="credit-record__clock">
                  {text}
                </p>
              )),
          },
        ]}
      />
      {rows.length ? <p className="muted">{t("credit.clock.note")}</p> : null}
    </section>
  );
}
