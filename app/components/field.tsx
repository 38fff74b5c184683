import type { MessageKey, Params } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/** The message under a form field, linked to it with aria-describedby. */
export function FieldError({ id, error, params }: { id: string; error?: MessageKey; params?: Params }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="field__error" id={id}>
      {t(error, params)}
    </p>
  );
}

/** A select's options: "—" (nothing chosen yet), then one option per value, shown by `label`. */
export function ChoiceOptions<V extends string>({ values, label }: { values: readonly V[]; label: (value: V) => string }) {
  return (
    <>
      <option value="">—</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </>
  );
}
