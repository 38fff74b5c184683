import { DataTable } from "~/components/data-table";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import type { GuidanceVisitView } from "~/party/visits.server";

/** Guidance visits, newest first; `organizationName` adds a column (instructor's overview). */
export function VisitList({ visits }: { visits: (GuidanceVisitView & { organizationName?: string })[] }) {
  const { t, locale } = useTranslation();
  const withOrganization = visits.some((v) => v.organizationName !== undefined);
  return (
    <DataTable
      className="visit-table"
      rows={visits}
      empty={t("visit.empty")}
      columns={[
        { header: t("visit.field.date"), cell: (v) => formatDate(v.date, locale), className: "nowrap" },
        withOrganization && { header: t("field.name"), cell: (v) => v.organizationName },
        { header: t("visit.field.mode"), cell: (v) => t(`visit.mode.${v.mode}`), className: "nowrap" },
        { header: t("visit.field.topics"), cell: (v) => v.topics },
        { header: t("visit.field.problemsFound"), cell: (v) => v.problemsFound || t("common.none") },
        { header: t("visit.field.followUp"), cell: (v) => v.followUp || t("common.none") },
      ]}
    />
  );
}
