import { useSearchParams } from "@remix-run/react";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/** The confirmation after a Post/Redirect/Get: `?notice=<name>`, shown only for known names. */
export function Notice({ notices }: { notices: Record<string, MessageKey> }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const name = params.get("notice");
  const key = name && Object.hasOwn(notices, name) ? notices[name] : undefined;
  if (!key) return null;
  return (
    <p className="notice" role="status">
      {t(key)}
    </p>
  );
}
