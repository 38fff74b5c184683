import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { DueClock } from "~/components/workflow/due-clock";
import { useTranslation } from "~/i18n/use-translation";
import { workflowLabel } from "~/i18n/labels";
import type { WorkItem } from "~/workbench/work-item";

/** A workbench's to-do list: what, for whom, the current step, and the countdown (Asia/Shanghai). */
export function WorkList({ items, now, showSubject = true }: { items: readonly WorkItem[]; now: string; showSubject?: boolean }) {
  const { t } = useTranslation();
  return (
    <DataTable
      className="work-list"
      rows={items}
      rowKey={(item) => item.key}
      empty={t("workbench.empty")}
      columns={[
        {
          header: t("workbench.column.what"),
          cell: (item) => (item.href ? <Link to={item.href}>{t(`workbench.what.${item.what}`)}</Link> : t(`workbench.what.${item.what}`)),
        },
        showSubject && { header: t("workbench.column.subject"), cell: (item) => item.title },
        {
          header: t("workbench.column.state"),
          cell: (item) => (item.state && item.labelPrefix ? workflowLabel(t, item.labelPrefix, "state", item.state) : item.href ? "" : t("workbench.doneOnSite")),
        },
        { header: t("workbench.column.due"), cell: (item) => (item.dueAt ? <DueClock dueAt={item.dueAt} now={now} /> : <span className="muted">{t("workbench.noDeadline")}</span>) },
      ]}
    />
  );
}
