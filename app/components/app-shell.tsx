import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SessionUser } from "~/auth/guards.server";
import { useTranslation } from "~/i18n/use-translation";
import { NAVIGATION } from "./navigation";

/** The page frame: header with navigation for the signed-in role, language switch, footer. */
export function AppShell({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  const { t, locale } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const items = [...NAVIGATION.public, ...(user ? NAVIGATION[user.role] : [])];
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__emblem" aria-hidden="true">
              民
            </span>
            <span>
              <span className="brand__name">{t("app.name")}</span>
              <span className="brand__authority">{t("app.authority")}</span>
            </span>
          </Link>
          <div className="site-header__tools">
            <Form method="post" action="/set-locale" className="inline-form">
              <input type="hidden" name="locale" value={locale === "zh-CN" ? "en" : "zh-CN"} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="link-button" lang={locale === "zh-CN" ? "en" : "zh-CN"} aria-label={t("nav.language")}>
                {t("nav.switchTo")}
              </button>
            </Form>
            {user ? (
              <>
                <span className="user-badge">
                  {t("nav.signedInAs", { name: user.displayName })} · {t(`role.${user.role}`)}
                </span>
                <Link to="/account/password">{t("nav.password")}</Link>
                <Form method="post" action="/logout" className="inline-form">
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
            )}
          </div>
        </div>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t("app.authority")} · {t("app.name")}
        </p>
      </footer>
    </>
  );
}
