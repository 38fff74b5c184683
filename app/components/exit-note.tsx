import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/**
 * How an organization left the register — "已注销（2025/03/01）：章程规定的宗旨已经实现" — beside
 * its status wherever it is shown (directory, register, organization pages). Nothing otherwise.
 */
export function ExitNote({ status, exit }: { status: string; exit: { date: string; reason: string } | null }) {
  const { t, locale } = useTranslation();
  if (!exit || (status !== "deregistered" && status !== "revoked")) return null;
  return <span className="exit-note">{t("exitGate.status.final", { status: t(`orgStatus.${status}`), date: formatDate(exit.date, locale), reason: exit.reason })}</span>;
}
