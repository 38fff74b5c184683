import { Link } from "@remix-run/react";
import { CreditBadges } from "~/components/credit-badges";
import type { Column } from "~/components/data-table";
import { ExitNote } from "~/components/exit-note";
import { useDistrictName } from "~/components/organization-facts";
import { StatusBadge } from "~/components/register-search";
import { ORGANIZATION_TYPES, PARTY_FORMS, type OrganizationStatus } from "~/domain/organization";
import { useTranslation } from "~/i18n/use-translation";
import { vocabularyLabel } from "~/i18n/labels";

/**
 * The columns that tables of organizations share (register, directory, instructors' pages),
 * for `DataTable`. Each fits any row that has the fields it reads.
 */
export function useOrganizationColumns() {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const columns = {
    /** The name, linking to `href` (typed with the fields it reads), with the credit-list badges beside it. */
    name: <Linked,>(href: (row: Linked) => string): Column<Linked & { name: string; creditLists: readonly string[] }> => ({
      header: t("field.name"),
      cell: (o) => (
        <>
          <Link to={href(o)}>{o.name}</Link>
          <CreditBadges lists={o.creditLists} />
        </>
      ),
    }),
    uscc: { header: t("field.uscc"), cell: (o) => o.uscc, className: "mono" } satisfies Column<{ uscc: string }>,
    type: { header: t("field.type"), cell: (o) => vocabularyLabel(t, ORGANIZATION_TYPES, (type) => `orgType.${type}`, o.type) } satisfies Column<{ type: string }>,
    district: { header: t("field.district"), cell: (o) => districtName(o.district) } satisfies Column<{ district: string }>,
    /** The status; for an exited organization also the day and the reason (when the row has them). */
    status: {
      header: t("field.status"),
      cell: (o) => (
        <>
          <StatusBadge status={o.status} />
          <ExitNote status={o.status} exit={o.exit ?? null} />
        </>
      ),
    } satisfies Column<{ status: OrganizationStatus; exit?: { date: string; reason: string } | null }>,
    legalRepresentative: { header: t("field.legalRepresentative"), cell: (o) => o.legalRepresentative } satisfies Column<{ legalRepresentative: string }>,
    partyForm: { header: t("field.partyForm"), cell: (o) => vocabularyLabel(t, PARTY_FORMS, (form) => `partyForm.${form}`, o.partyForm) } satisfies Column<{ partyForm: string }>,
  };
  return {
    ...columns,
    /** The register's leading columns, alike in the public directory and the regulators' register. */
    register: <Linked,>(href: (row: Linked) => string) => [columns.name(href), columns.uscc, columns.type, columns.district, columns.status, columns.legalRepresentative],
  };
}
