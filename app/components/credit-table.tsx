import type { ReactNode } from "react";
import type { ListingRow } from "~/daily-gate/credit-lists.server";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/** A credit list as a table (public page and the regulators' page; `actions` adds a column). */
export function CreditTable({ items, actions }: { items: ListingRow[]; actions?: (row: ListingRow) => ReactNode }) {
  const { t, locale } = useTranslation();
  if (items.length === 0) return <p className="empty">{t("dailyGate.credit.empty")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("dailyGate.field.organization")}</th>
            <th scope="col">{t("dailyGate.field.uscc")}</th>
            <th scope="col">{t("dailyGate.field.reason")}</th>
            <th scope="col">{t("dailyGate.field.decidedAt")}</th>
            <th scope="col">{t("dailyGate.field.authority")}</th>
            {actions ? <th scope="col">{t("dailyGate.credit.removal")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id}>
              <td>{row.organizationName}</td>
              <td>{row.uscc}</td>
              <td>
                {t(`dailyGate.reason.${row.reason}` as MessageKey)}
                {row.detail ? ` · ${row.detail}` : ""}
              </td>
              <td>{formatDate(row.decidedAt, locale)}</td>
              <td>{row.authority}</td>
              {actions ? <td>{actions(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
