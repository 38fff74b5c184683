import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

/** Previous/next links that keep every other URL parameter (filters, sorting). */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("common.page", { page, pages })}>
      <span>{t("common.total", { count: total })}</span>
      {page > 1 ? <Link to={hrefFor(page - 1)} rel="prev">{t("common.previous")}</Link> : null}
      <span aria-current="page">{t("common.page", { page, pages })}</span>
      {page < pages ? <Link to={hrefFor(page + 1)} rel="next">{t("common.next")}</Link> : null}
    </nav>
  );
}
