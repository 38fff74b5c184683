import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

const KNOWN = [400, 401, 403, 404, 409, 500] as const;
type Known = (typeof KNOWN)[number];

/** Friendly, bilingual error pages for 400/401/403/404/409/500 (other codes show as 500). */
export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const code: Known = (KNOWN as readonly number[]).includes(status) ? (status as Known) : 500;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">{status}</p>
      <h1 id="error-title">{t(`error.title.${code}`)}</h1>
      <p>{t(`error.text.${code}`)}</p>
      <p className="error-page__actions">
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
