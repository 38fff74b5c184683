import { ORGANIZATION_STATUSES, ORGANIZATION_TYPES, PARTY_FORMS, districtName } from "~/domain/organization";
import { formatDate, formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import type { OrganizationSummary } from "~/register/organizations.server";
import { vocabularyLabel } from "~/i18n/labels";

export function useDistrictName() {
  const { locale } = useTranslation();
  return (code: string) => districtName(code, locale);
}

/** An organization's registration facts as a definition list. */
export function OrganizationFacts({ organization }: { organization: OrganizationSummary }) {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const rows: [MessageKey, string][] = [
    ["field.uscc", organization.uscc],
    ["field.type", vocabularyLabel(t, ORGANIZATION_TYPES, (type) => `orgType.${type}`, organization.type)],
    ["field.district", districtName(organization.district)],
    ["field.status", vocabularyLabel(t, ORGANIZATION_STATUSES, (status) => `orgStatus.${status}`, organization.status)],
    ["field.legalRepresentative", organization.legalRepresentative],
    ["field.domicile", organization.domicile],
    ["field.establishedAt", formatDate(organization.establishedAt, locale)],
    ["field.registeredCapital", formatMoney(organization.registeredCapitalFen, locale, "wanYuan")],
    ["field.sponsoringUnit", organization.sponsoringUnit || t("common.none")],
    ["field.registrationAuthority", organization.registrationAuthority],
    ["field.partyForm", vocabularyLabel(t, PARTY_FORMS, (form) => `partyForm.${form}`, organization.partyForm)],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
