import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { useDistrictName } from "~/components/organization-facts";
import { DueClock } from "~/components/workflow/due-clock";
import { formatDateTime } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import type { RegistrationSummary } from "~/registration/registration.server";

/** Registration applications as a table (the applicant's list; the regulators' queue `withDistrict`). */
export function RegistrationTable({ items, now, empty, withDistrict = false }: { items: RegistrationSummary[]; now: string; empty: string; withDistrict?: boolean }) {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  return (
    <DataTable
      rows={items}
      empty={empty}
      columns={[
        { header: t("registration.field.proposedName"), cell: (item) => <Link to={`/registrations/${item.id}`}>{item.title}</Link> },
        { header: t("registration.field.orgType"), cell: (item) => t(`orgType.${item.orgType}`) },
        withDistrict && { header: t("registration.field.district"), cell: (item) => (item.district ? districtName(item.district) : "") },
        { header: t("registration.field.state"), cell: (item) => workflowLabel(t, "registration", "state", item.state) },
        { header: t("registration.field.dueAt"), cell: (item) => <DueClock dueAt={item.dueAt} now={now} /> },
        { header: t("registration.field.submittedAt"), cell: (item) => formatDateTime(item.submittedAt, locale) },
      ]}
    />
  );
}
