import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

/**
 * A personal value (identity or phone number) as pages show it: masked, with a "show" button
 * that asks the server for the whole value — the server checks access and records who saw it
 * (ADR 016). Works without script (a plain form post that answers the page with the value).
 */
export function PersonalValue({ field, masked, revealed }: { field: string; masked: string; revealed?: { field: string; value: string } | null }) {
  const { t } = useTranslation();
  if (!masked) return <>—</>;
  if (revealed?.field === field) {
    return (
      <span className="personal-value">
        <span className="mono">{revealed.value}</span> <span className="muted">{t("personal.shownAudited")}</span>
      </span>
    );
  }
  return (
    <span className="personal-value">
      <span className="mono" aria-label={t("personal.maskedLabel", { value: masked })}>
        {masked}
      </span>{" "}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="showPersonal" />
        <input type="hidden" name="field" value={field} />
        <button type="submit" className="button button--secondary button--small">
          {t("personal.show")}
        </button>
      </Form>
    </span>
  );
}
