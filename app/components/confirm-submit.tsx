import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The one way an irreversible step asks first (ADR 018): the button opens a `<details>` that
 * states the consequence and holds the real submit button, so it works the same without
 * JavaScript and with it (no `window.confirm`, which says nothing useful and can be suppressed).
 * Put it inside the step's form: its submit button carries `name`/`value` like any other.
 */
export function ConfirmSubmit({
  label,
  consequence,
  confirmLabel,
  name,
  value,
  disabled,
  danger,
}: {
  label: string;
  consequence: ReactNode;
  /** The confirming button's text (default: "确认" + label). */
  confirmLabel?: string;
  name?: string;
  value?: string;
  disabled?: boolean;
  /** Destructive (deny, revoke, archive …): the confirming button is drawn as a warning. */
  danger?: boolean;
}) {
  const { t } = useTranslation();
  // Once the step's request has been answered (the page reloaded or showed an error), the
  // question is closed again: a kept-open confirmation would sit over the answer and be pressed
  // by a later click meant to open it.
  const details = useRef<HTMLDetailsElement>(null);
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state === "idle" && details.current) details.current.open = false;
  }, [navigation.state]);
  return (
    <details className="confirm-submit" ref={details}>
      <summary className={`button${danger ? " button--danger" : ""}`} aria-disabled={disabled || undefined}>
        {label}
      </summary>
      <div className="confirm-submit__body" role="group" aria-label={label}>
        <p className="confirm-submit__consequence">{consequence}</p>
        <button type="submit" name={name} value={value} className={`button${danger ? " button--danger" : ""}`} disabled={disabled}>
          {confirmLabel ?? t("confirm.confirm", { action: label })}
        </button>
      </div>
    </details>
  );
}
