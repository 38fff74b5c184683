import { Form } from "@remix-run/react";
import { FieldError } from "~/components/field";
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";
import type { FieldErrors } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import type { ApplicationDraft } from "~/registration/application-form";

type Field = Exclude<keyof ApplicationDraft, "orgType" | "district">;
const TEXT_FIELDS: { name: Field; label: MessageKey; multiline?: boolean; inputMode?: "decimal" | "tel" }[] = [
  { name: "proposedName", label: "registration.field.proposedName" },
  { name: "legalRepresentative", label: "registration.field.legalRepresentative" },
  { name: "domicile", label: "registration.field.domicile" },
  { name: "registeredCapital", label: "registration.field.registeredCapital", inputMode: "decimal" },
  { name: "contactPhone", label: "registration.field.contactPhone", inputMode: "tel" },
  { name: "sponsoringUnit", label: "registration.field.sponsoringUnit" },
  { name: "businessScope", label: "registration.field.businessScope", multiline: true },
];

/**
 * The registration application form (create and edit). Values come back from the server on a
 * failed save, so nothing typed is lost. The type is fixed once the case exists.
 */
export function ApplicationForm({
  values,
  errors,
  intent,
  submitLabel,
  typeLocked,
}: {
  values: ApplicationDraft | Record<string, string>;
  errors?: FieldErrors;
  intent?: string;
  submitLabel: MessageKey;
  typeLocked?: boolean;
}) {
  const { t, locale } = useTranslation();
  const v = values as Record<string, string>;
  const invalid = (name: string) => (errors?.[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <Form method="post" noValidate className="form-grid">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <div className="field">
        <label htmlFor="orgType">{t("registration.field.orgType")}</label>
        <select id="orgType" name="orgType" defaultValue={v.orgType} disabled={typeLocked} {...invalid("orgType")}>
          {ORGANIZATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`orgType.${type}`)}
            </option>
          ))}
        </select>
        {typeLocked ? <input type="hidden" name="orgType" value={v.orgType} /> : null}
        <FieldError id="orgType-error" error={errors?.orgType} />
      </div>
      <div className="field">
        <label htmlFor="district">{t("registration.field.district")}</label>
        <select id="district" name="district" defaultValue={v.district} {...invalid("district")}>
          <option value="">—</option>
          {DISTRICTS.map((d) => (
            <option key={d.code} value={d.code}>
              {locale === "zh-CN" ? d.zh : d.en}
            </option>
          ))}
        </select>
        <FieldError id="district-error" error={errors?.district} />
      </div>
      {TEXT_FIELDS.map((field) => (
        <div key={field.name} className={`field${field.multiline ? " field--wide" : ""}`}>
          <label htmlFor={field.name}>{t(field.label)}</label>
          {field.multiline ? (
            <textarea id={field.name} name={field.name} rows={4} defaultValue={v[field.name] ?? ""} {...invalid(field.name)} />
          ) : (
            <input id={field.name} name={field.name} inputMode={field.inputMode} defaultValue={v[field.name] ?? ""} {...invalid(field.name)} />
          )}
          <FieldError id={`${field.name}-error`} error={errors?.[field.name]} />
        </div>
      ))}
      <div className="field--wide">
        <button type="submit" className="button">
          {t(submitLabel)}
        </button>
      </div>
    </Form>
  );
}
