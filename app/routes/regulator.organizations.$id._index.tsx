import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { DISTRICTS } from "~/domain/organization";
import { type FieldErrors, formValues, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { PersonalValue } from "~/components/personal-value";
import { maskPersonal } from "~/domain/personal-data";
import { organizationRecord, revealOrganizationFact, updateOrganizationFacts } from "~/register/organization-facts.server";
import {
  FACT_FIELDS,
  FACT_LABELS,
  factsFromInput,
  factsToInput,
  factToString,
  isPersonalFact,
  organizationFactsSchema,
  showFactValue,
  type FactsInputField,
} from "~/register/organization-fields";

/** Basic facts tab: the registration facts, and the form that changes them (变更登记). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const { facts } = await organizationRecord(user, params.id);
  return {
    // Personal data leaves the server masked; "show" asks for one value, audited (ADR 016).
    stored: FACT_FIELDS.map((field) => ({ field, value: isPersonalFact(field) ? maskPersonal(String(facts[field])) : factToString(field, facts[field]) })),
    input: factsToInput(facts),
  };
}

const editSchema = organizationFactsSchema.extend({ reason: z.string().trim().max(200, "register.validation.tooLong") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const formData = await readForm(request);
  if (parseIntent(formData, ["showPersonal", "edit"], "edit") === "showPersonal") {
    return { revealed: await revealOrganizationFact(user, params.id, formValues(formData, ["field"]).field ?? "") };
  }
  const { id } = await organizationRecord(user, params.id);
  const form = parseForm(editSchema, formData);
  if (!form.ok) return data({ errors: form.errors as FieldErrors, values: form.values }, { status: 400 });
  const { reason, ...facts } = form.data;
  const { changed } = await updateOrganizationFacts(user, id, factsFromInput(facts), reason);
  if (changed === 0) throw redirect(`/regulator/organizations/${id}?notice=unchanged`);
  throw redirect(`/regulator/organizations/${id}/changes?notice=saved`);
}

const NOTICES = { unchanged: "register.edit.unchanged" } as const;

const TEXT_FIELDS: { name: FactsInputField; label: MessageKey; max: number; hint?: MessageKey; type?: string; wide?: boolean }[] = [
  { name: "name", label: "field.name", max: 100, wide: true },
  { name: "legalRepresentative", label: "field.legalRepresentative", max: 32 },
  { name: "legalRepresentativeIdNumber", label: "personal.field.legalRepresentativeIdNumber", max: 18 },
  { name: "legalRepresentativeMobile", label: "personal.field.legalRepresentativeMobile", max: 20, type: "tel" },
  { name: "registrationAuthority", label: "field.registrationAuthority", max: 100 },
  { name: "sponsoringUnit", label: "field.sponsoringUnit", max: 100 },
  { name: "domicile", label: "field.domicile", max: 200, wide: true },
  { name: "establishedAt", label: "field.establishedAt", max: 10, hint: "register.field.establishedAtHint" },
  { name: "registeredCapital", label: "register.field.registeredCapitalYuan", max: 20 },
  { name: "contactName", label: "register.field.contactName", max: 32 },
  { name: "contactPhone", label: "register.field.contactPhone", max: 32, type: "tel" },
  { name: "contactEmail", label: "register.field.contactEmail", max: 100, type: "email" },
];

export default function OrganizationFactsTab() {
  const { t, locale } = useTranslation();
  const { stored, input } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const failure = answer && "errors" in answer ? answer : undefined;
  const revealed = answer && "revealed" in answer ? answer.revealed : null;
  const busy = useNavigation().state === "submitting";
  const values: Record<string, string> = failure?.values ?? input;
  const errors: FieldErrors = failure?.errors ?? {};
  const masked = Object.fromEntries(stored.map((s) => [s.field, s.value]));
  const described = (name: string, hint?: boolean) =>
    [errors[name] ? `${name}-error` : "", hint ? `${name}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <Notice notices={NOTICES} />
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("register.tab.facts")}</h2>
        <dl className="facts">
          {stored.map(({ field, value }) => (
            <div key={field}>
              <dt>{t(FACT_LABELS[field])}</dt>
              <dd>{isPersonalFact(field) ? <PersonalValue field={field} masked={value} revealed={revealed} /> : showFactValue(field, value, t, locale)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="edit-title">
        <h2 id="edit-title">{t("register.edit.title")}</h2>
        <p className="muted">{t("register.edit.lead")}</p>
        {failure ? (
          <p className="alert" role="alert">
            {t("register.edit.failed")}
          </p>
        ) : null}
        <Form method="post" noValidate className="form-grid">
          {TEXT_FIELDS.map((f) => {
            // A stored personal value is never sent back into the form: its mask is the hint, and an empty input keeps it.
            const keep = isPersonalFact(f.name) && masked[f.name] ? t("personal.keepHint", { masked: masked[f.name]! }) : null;
            return (
              <div key={f.name} className={`field${f.wide ? " form-grid__wide" : ""}`}>
                <label htmlFor={f.name}>{t(f.label)}</label>
                <input
                  id={f.name}
                  name={f.name}
                  type={f.type ?? "text"}
                  maxLength={f.max}
                  defaultValue={values[f.name] ?? ""}
                  autoComplete={isPersonalFact(f.name) ? "off" : undefined}
                  inputMode={f.name === "registeredCapital" ? "decimal" : undefined}
                  aria-invalid={errors[f.name] ? true : undefined}
                  aria-describedby={described(f.name, Boolean(f.hint ?? keep))}
                />
                {f.hint || keep ? (
                  <span id={`${f.name}-hint`} className="muted">
                    {f.hint ? t(f.hint) : keep}
                  </span>
                ) : null}
                <FieldError id={`${f.name}-error`} error={errors[f.name]} />
              </div>
            );
          })}
          <div className="field">
            <label htmlFor="district">{t("field.district")}</label>
            <select id="district" name="district" defaultValue={values.district} aria-invalid={errors.district ? true : undefined} aria-describedby={described("district")}>
              {DISTRICTS.map((d) => (
                <option key={d.code} value={d.code}>
                  {locale === "zh-CN" ? d.zh : d.en}
                </option>
              ))}
            </select>
            <FieldError id="district-error" error={errors.district} />
          </div>
          <div className="field field--checkbox">
            <label>
              <input type="checkbox" name="directlyManaged" defaultChecked={values.directlyManaged === "on"} /> {t("register.field.directlyManaged")}
            </label>
            <FieldError id="directlyManaged-error" error={errors.directlyManaged} />
          </div>
          <div className="field field--checkbox">
            <label>
              <input type="checkbox" name="publicFundraising" defaultChecked={values.publicFundraising === "on"} /> {t("register.field.publicFundraising")}
            </label>
            <FieldError id="publicFundraising-error" error={errors.publicFundraising} />
          </div>
          <div className="field form-grid__wide">
            <label htmlFor="businessScope">{t("register.field.businessScope")}</label>
            <textarea
              id="businessScope"
              name="businessScope"
              rows={3}
              maxLength={1000}
              defaultValue={values.businessScope ?? ""}
              aria-invalid={errors.businessScope ? true : undefined}
              aria-describedby={described("businessScope")}
            />
            <FieldError id="businessScope-error" error={errors.businessScope} />
          </div>
          <div className="field form-grid__wide">
            <label htmlFor="reason">{t("register.edit.reason")}</label>
            <input
              id="reason"
              name="reason"
              maxLength={200}
              defaultValue={failure?.values.reason ?? ""}
              placeholder={t("register.edit.reasonHint")}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={described("reason")}
            />
            <FieldError id="reason-error" error={errors.reason} />
          </div>
          <div className="form-grid__wide">
            <button type="submit" className="button" disabled={busy}>
              {t("common.save")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
