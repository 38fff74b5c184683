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
