import { Form, useNavigation } from "@remix-run/react";
import { ConfirmSubmit } from "~/components/confirm-submit";
import { FieldError } from "~/components/field";
import { ConflictNotice } from "~/components/workflow/conflict-notice";
import type { FieldErrors } from "~/forms/parse-form";
import type { MessageKey, Params } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { workflowLabel } from "~/i18n/labels";
import { consequenceOf } from "~/workflow/irreversible";

export interface IntentFailure {
  intent: string;
  errors: FieldErrors;
  params?: Params;
  values: Record<string, string>;
}

/** A select field's options: value → dictionary key. */
export type FieldChoices = Record<string, { value: string; label: MessageKey }[]>;

/**
 * One small form per workflow step the user may take now (the server recomputes and refuses
 * what the machine does not allow). Fields come from the intent's schema; labels from
 * `<labelPrefix>.field.<name>`, buttons from `<labelPrefix>.event.<INTENT>`.
 */
export function IntentForms({
  intents,
  fieldNames,
  labelPrefix,
  seq,
  failure,
  choices = {},
  dateFields = [],
  secondary = [],
}: {
  intents: string[];
  fieldNames: Record<string, string[]>;
  labelPrefix: string;
  seq: number;
  failure: IntentFailure | null;
  choices?: FieldChoices;
  dateFields?: string[];
  secondary?: string[];
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("workflow.actions")}</h2>
      {failure?.errors._form ? (
        <p className="alert" role="alert">
          {t(failure.errors._form, failure.params)}
        </p>
      ) : (
        <ConflictNotice />
      )}
      {intents.length === 0 ? <p className="muted">{t("workflow.actions.none")}</p> : null}
      <div className="action-forms">
        {intents.map((intent) => {
          const fields = fieldNames[intent] ?? [];
          const mine = failure?.intent === intent ? failure : null;
          const label = workflowLabel(t, labelPrefix, "event", intent);
          return (
            <Form method="post" key={intent} className="action-form" aria-label={label}>
              <input type="hidden" name="intent" value={intent} />
              <input type="hidden" name="seq" value={seq} />
              {fields.map((field) => {
                const id = `${intent}-${field}`;
                const invalid = mine?.errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
                return (
                  <div className="field" key={field}>
                    <label htmlFor={id}>{workflowLabel(t, labelPrefix, "field", field)}</label>
                    {choices[field] ? (
                      <select id={id} name={field} defaultValue={mine?.values[field] ?? ""} {...invalid}>
                        <option value="">—</option>
                        {choices[field]!.map((c) => (
                          <option key={c.value} value={c.value}>
                            {t(c.label)}
                          </option>
                        ))}
                      </select>
                    ) : dateFields.includes(field) ? (
                      <input id={id} name={field} type="date" defaultValue={mine?.values[field] ?? ""} {...invalid} />
                    ) : (
                      <textarea id={id} name={field} rows={2} defaultValue={mine?.values[field] ?? ""} {...invalid} />
                    )}
                    <FieldError id={`${id}-error`} error={mine?.errors[field]} />
                  </div>
                );
              })}
              {fields.length === 0 ? (
                <div className="field">
                  <label htmlFor={`${intent}-comment`}>{t("workflow.comment")}</label>
                  <input id={`${intent}-comment`} name="comment" defaultValue={mine?.values.comment ?? ""} maxLength={2000} />
                </div>
              ) : null}
              <StepButton area={labelPrefix} intent={intent} label={label} secondary={secondary.includes(intent)} busy={busy} />
            </Form>
          );
        })}
      </div>
    </section>
  );
}


/** A workflow step's submit button: an irreversible step asks first, stating its consequence. */
export function StepButton({ area, intent, label, secondary, busy }: { area: string; intent: string; label: string; secondary?: boolean; busy?: boolean }) {
  const { t } = useTranslation();
  const consequence = consequenceOf(area, intent);
  if (consequence) return <ConfirmSubmit label={label} consequence={t(consequence)} disabled={busy} danger={secondary} />;
  return (
    <button type="submit" className={secondary ? "button button--secondary" : "button"} disabled={busy}>
      {label}
    </button>
  );
}
