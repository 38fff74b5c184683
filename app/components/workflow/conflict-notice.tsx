import { useSearchParams } from "@remix-run/react";
import type { MessageKey, Params } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/**
 * What the losers of a double click (or a stale page) see after Post/Redirect/Get: someone acted
 * on the case first, shown over the case's current state. `detail` names what was not done, when
 * the page has words for it (e.g. the voucher number that was not recorded).
 */
export function ConflictNotice({ detail }: { detail?: (intent: string, search: URLSearchParams) => { key: MessageKey; params?: Params } | null }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const intent = search.get("conflict");
  if (!intent) return null;
  const specific = detail?.(intent, search) ?? null;
  return (
    <p className="alert" role="alert">
      {specific ? t(specific.key, specific.params) : t("workflow.error.conflict")}
    </p>
  );
}
