import { Form, useNavigation } from "@remix-run/react";
import { toCalendarDateString } from "~/domain/calendar-date";
import { PARTY_FORMS } from "~/domain/organization";
import { MAX_JOINT_UNITS } from "~/domain/party-building";
import { useTranslation } from "~/i18n/use-translation";
import type { PartyFormActionData } from "~/party/party-actions.server";
import type { PartyOfOrganization } from "~/party/party.server";
import { FieldError } from "./field";

/**
 * Edit form for party facts. Plain HTML that works without JavaScript: the partner search is
 * a second submit button ("searchPartners") that shows the form again with what was typed,
 * plus the matches as checkboxes.
 */
export function PartyFactsForm({ party, failure }: { party: PartyOfOrganization["party"]; failure: PartyFormActionData | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values = failure?.values ?? {
    form: party.form,
    memberCount: String(party.memberCount),
    establishedAt: toCalendarDateString(party.establishedAt),
    attachedTo: party.attachedTo,
    partnerQuery: "",
  };
  const partners = failure?.partners ?? party.partners;
  const errors = failure?.errors ?? {};
  const describe = (field: string) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `party-${field}-error` } : {});
  // Remount after a save so the fields show the stored facts, not the previous defaults.
  const formKey = failure ? "failure" : JSON.stringify(party);
  return (
    <Form method="post" noValidate className="party-form" key={formKey}>
      {/* Enter in any field saves: the first submit button of a form is its default. */}
      <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t("party.save")}
      </button>
      {failure?.intent === "save" && Object.keys(errors).length > 0 ? (
        <p className="alert" role="alert">
          {t("party.saveFailed")}
        </p>
      ) : null}
      <div className="party-grid">
        <div className="field">
          <label htmlFor="party-form">{t("field.partyForm")}</label>
          <select id="party-form" name="form" defaultValue={values.form} {...describe("form")}>
            {PARTY_FORMS.map((form) => (
              <option key={form} value={form}>
                {t(`partyForm.${form}`)}
              </option>
            ))}
          </select>
          <FieldError id="party-form-error" error={errors.form} />
        </div>
        <div className="field">
          <label htmlFor="party-memberCount">{t("party.field.memberCount")}</label>
          <input id="party-memberCount" name="memberCount" type="number" min={0} inputMode="numeric" defaultValue={values.memberCount} {...describe("memberCount")} />
          <FieldError id="party-memberCount-error" error={errors.memberCount} />
        </div>
        <div className="field">
          <label htmlFor="party-establishedAt">{t("party.field.establishedAt")}</label>
          <input id="party-establishedAt" name="establishedAt" type="date" defaultValue={values.establishedAt} {...describe("establishedAt")} />
          <FieldError id="party-establishedAt-error" error={errors.establishedAt} />
        </div>
      </div>
      <fieldset className="party-partners" {...(errors.jointPartnerIds ? { "aria-describedby": "party-jointPartnerIds-error" } : {})}>
        <legend>{t("party.field.partners")}</legend>
        <p className="muted">{t("party.partners.hint", { max: MAX_JOINT_UNITS })}</p>
        {partners.length > 0 ? (
          <ul className="checkbox-list" aria-label={t("party.partners.selected")}>
            {partners.map((p) => (
              <li key={p.id}>
                <label>
                  <input type="checkbox" name="jointPartnerIds" value={p.id} defaultChecked /> {p.name} <span className="muted">{p.uscc}</span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("party.partners.noneSelected")}</p>
        )}
        <FieldError id="party-jointPartnerIds-error" error={errors.jointPartnerIds} />
        <div className="search-row">
          <div className="field">
            <label htmlFor="party-partnerQuery">{t("party.partners.search")}</label>
            <input id="party-partnerQuery" name="partnerQuery" type="search" maxLength={50} defaultValue={values.partnerQuery ?? ""} />
          </div>
          <button type="submit" name="intent" value="searchPartners" className="button button--secondary" disabled={busy}>
            {t("party.partners.find")}
          </button>
        </div>
        {failure?.intent === "searchPartners" ? (
          failure.candidates.length > 0 ? (
            <ul className="checkbox-list" aria-label={t("party.partners.results")}>
              {failure.candidates.map((c) => (
                <li key={c.id}>
                  <label>
                    <input type="checkbox" name="jointPartnerIds" value={c.id} /> {c.name} <span className="muted">{c.uscc} · {t(`partyForm.${c.partyForm as (typeof PARTY_FORMS)[number]}`)}</span>
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted" role="status">
              {t("party.partners.noMatch")}
            </p>
          )
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor="party-attachedTo">{t("party.field.attachedTo")}</label>
        <input id="party-attachedTo" name="attachedTo" maxLength={100} defaultValue={values.attachedTo} {...describe("attachedTo")} />
        <FieldError id="party-attachedTo-error" error={errors.attachedTo} />
      </div>
      <button type="submit" name="intent" value="save" className="button" disabled={busy}>
        {t("party.save")}
      </button>
    </Form>
  );
}
