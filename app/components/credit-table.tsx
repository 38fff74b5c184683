import type { ReactNode } from "react";
import { DataTable } from "~/components/data-table";
import type { ListingRow } from "~/daily-gate/credit-lists.server";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/** A credit list as a table (public page and the regulators' page; `actions` adds a column). */
export function CreditTable({ items, actions }: { items: ListingRow[]; actions?: (row: ListingRow) => ReactNode }) {
  const { t, locale } = useTranslation();
  return (
    <DataTable
      rows={items}
      empty={t("dailyGate.credit.empty")}
      columns={[
        { header: t("dailyGate.field.organization"), cell: (row) => row.organizationName },
        { header: t("dailyGate.field.uscc"), cell: (row) => row.uscc },
        {
          header: t("dailyGate.field.reason"),
          cell: (row) => (
            <>
              {t(`dailyGate.reason.${row.reason}`)}
              {row.detail ? ` · ${row.detail}` : ""}
            </>
          ),
        },
        { header: t("dailyGate.field.basis"), cell: (row) => row.basis },
        { header: t("dailyGate.field.decidedAt"), cell: (row) => formatDate(row.decidedAt, locale) },
        { header: t("dailyGate.field.authority"), cell: (row) => row.authority },
        actions ? { header: t("dailyGate.credit.removal"), cell: actions } : false,
      ]}
    />
  );
}
