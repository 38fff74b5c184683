import { useTranslation } from "~/i18n/use-translation";

/** A temporary password, shown once to the administrator who set it, to hand over in person. */
export function TemporaryPassword({ username, password }: { username: string; password: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice" role="status">
      <p>{t("admin.temporary.lead", { username })}</p>
      <p>
        <code className="mono temporary-password">{password}</code>
      </p>
      <p className="muted">{t("admin.temporary.once")}</p>
    </div>
  );
}
