import { Form } from "@remix-run/react";
import { FieldError } from "~/components/field";
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";
import type { FieldErrors } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { FOUNDER_ROWS, type ApplicationDraft } from "~/registration/application-form";

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
  masked,
}: {
  values: ApplicationDraft | Record<string, string>;
  errors?: FieldErrors;
  intent?: string;
  submitLabel: MessageKey;
  typeLocked?: boolean;
  /** What is stored for the personal fields, masked: their inputs start empty and an empty one keeps it. */
  masked?: Record<string, string>;
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
      <PersonalFields values={v} errors={errors} masked={masked} />
      <div className="field--wide">
        <button type="submit" className="button">
          {t(submitLabel)}
        </button>
      </div>
    </Form>
  );
}

/**
 * The legal representative's and the founders' identity and mobile numbers (personal data,
 * ADR 016): write-only inputs — a stored value shows masked as the hint and stays if left empty.
 */
function PersonalFields({ values, errors, masked }: { values: Record<string, string>; errors?: FieldErrors; masked?: Record<string, string> }) {
  const { t } = useTranslation();
  const input = (name: string, label: MessageKey, kind: "id" | "tel" | "text") => {
    const keep = kind !== "text" && masked?.[name] ? t("personal.keepHint", { masked: masked[name]! }) : null;
    const describedBy = [errors?.[name] ? `${name}-error` : "", keep ? `${name}-hint` : ""].filter(Boolean).join(" ");
    return (
      <div key={name} className="field">
        <label htmlFor={name}>{t(label)}</label>
        <input
          id={name}
          name={name}
          inputMode={kind === "tel" ? "tel" : undefined}
          maxLength={kind === "id" ? 18 : kind === "tel" ? 20 : 32}
          autoComplete="off"
          defaultValue={values[name] ?? ""}
          aria-invalid={errors?.[name] ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
        {keep ? (
          <span id={`${name}-hint`} className="muted">
            {keep}
          </span>
        ) : null}
        <FieldError id={`${name}-error`} error={errors?.[name]} />
      </div>
    );
  };
  return (
    <>
      <fieldset className="field--wide personal-fieldset">
        <legend>{t("personal.legend.legalRepresentative")}</legend>
        <p className="muted">{t("personal.protected")}</p>
        <div className="form-grid">
          {input("legalRepresentativeIdNumber", "personal.field.legalRepresentativeIdNumber", "id")}
          {input("legalRepresentativeMobile", "personal.field.legalRepresentativeMobile", "tel")}
        </div>
      </fieldset>
      <fieldset className="field--wide personal-fieldset">
        <legend>{t("personal.legend.founders")}</legend>
        {FOUNDER_ROWS.map((n) => (
          <div key={n} className="form-grid founder-row" role="group" aria-label={t("personal.founder", { n })}>
            {input(`founder${n}Name`, "personal.field.founderName", "text")}
            {input(`founder${n}IdNumber`, "personal.field.founderIdNumber", "id")}
            {input(`founder${n}Mobile`, "personal.field.founderMobile", "tel")}
          </div>
        ))}
      </fieldset>
    </>
  );
}
