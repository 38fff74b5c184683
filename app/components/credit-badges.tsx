import { useTranslation } from "~/i18n/use-translation";
import { CREDIT_LISTS } from "~/domain/credit";
import { vocabularyLabel } from "~/i18n/labels";

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
          {vocabularyLabel(t, CREDIT_LISTS, (creditList) => `dailyGate.list.${creditList}`, list)}
        </span>
      ))}
    </span>
  );
}
