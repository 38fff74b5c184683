import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

const KNOWN = [400, 401, 403, 404, 409, 500, 503] as const;
type Known = (typeof KNOWN)[number];

/**
 * Friendly, bilingual error pages for 400/401/403/404/409/500/503 (other codes show as 500).
 * A 503 is temporary (database away, or writes paused for a backup), so it offers a reload.
 */
export function ErrorPage({ status, maintenance = false }: { status: number; maintenance?: boolean }) {
  const { t } = useTranslation();
  const code: Known = (KNOWN as readonly number[]).includes(status) ? (status as Known) : 500;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">{status}</p>
      <h1 id="error-title">{t(`error.title.${code}`)}</h1>
      <p>{t(code === 503 && maintenance ? "error.text.503.maintenance" : `error.text.${code}`)}</p>
      <p className="error-page__actions">
        {code === 503 ? (
          <a className="button" href="">
            {t("error.reload")}
          </a>
        ) : null}
        {code === 401 ? (
          <Link className="button" to="/login">
            {t("error.signIn")}
          </Link>
        ) : null}
        <Link className="button button--secondary" to="/">
          {t("error.backHome")}
        </Link>
      </p>
    </section>
  );
}
