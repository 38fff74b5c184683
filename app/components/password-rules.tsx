import { useTranslation } from "~/i18n/use-translation";
import type { PasswordPolicy } from "~/security/security-settings";

/** The password policy in words, under every field that sets a new password. */
export function PasswordRules({ id, policy }: { id: string; policy: Pick<PasswordPolicy, "minLength" | "minClasses" | "historyCount" | "forbidUsername"> }) {
  const { t } = useTranslation();
  return (
    <p className="muted field__hint" id={id}>
      {t("password.rules", { min: policy.minLength, classes: policy.minClasses, history: policy.historyCount })}
      {policy.forbidUsername ? ` ${t("password.rules.username")}` : ""}
    </p>
  );
}
