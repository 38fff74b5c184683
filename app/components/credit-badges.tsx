import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/**
 * Badges of the credit lists an organization is on now, shown wherever the organization is
 * (register, directory, organization pages, cases). Loaders read the lists for all of a page's
 * organizations in one query (`withCreditLists` in app/daily-gate/credit-lists.server.ts).
 */
export function CreditBadges({ lists }: { lists: readonly string[] }) {
  const { t } = useTranslation();
  if (lists.length === 0) return null;
  return (
    <span className="credit-badges">
      {lists.map((list) => (
        <span key={list} className={`badge badge--credit-${list}`} data-credit-list={list}>
          {t(`dailyGate.list.${list}` as MessageKey)}
        </span>
      ))}
    </span>
  );
}
