import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SessionUser } from "~/auth/guards.server";
import type { TextSize } from "~/display/text-size";
import { useTranslation } from "~/i18n/use-translation";
import { NAVIGATION, type NavItem } from "./navigation";

/** The item for the page shown: the longest navigation address the path starts with. */
function currentItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((item) => pathname === item.to || (item.to !== "/" && pathname.startsWith(`${item.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
}

/**
 * The page frame: header with the language and large-type switches, navigation for the signed-in
 * role, footer. On a phone the navigation folds into a menu (`<details>`, so it opens without
 * JavaScript) and the header keeps to two short rows; from 641 px the same links show as a bar.
 */
export function AppShell({ user, textSize, children }: { user: SessionUser | null; textSize: TextSize; children: ReactNode }) {
  const { t, locale } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const items = [...NAVIGATION.public, ...(user ? NAVIGATION[user.role] : [])];
  const current = currentItem(items, location.pathname);
  const large = textSize === "large";
  const signedInAs = user ? `${t("nav.signedInAs", { name: user.displayName })} · ${t(`role.${user.role}`)}` : null;
  const links = (
    <ul>
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end>
            {t(item.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
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
              <button type="submit" className="link-button">
                <span className="visually-hidden">{t("nav.language")}: </span>
                <span lang={locale === "zh-CN" ? "en" : "zh-CN"}>{t("nav.switchTo")}</span>
              </button>
            </Form>
            <Form method="post" action="/set-text-size" className="inline-form">
              <input type="hidden" name="size" value={large ? "standard" : "large"} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="link-button" aria-pressed={large}>
                {t("display.largeText")}
              </button>
            </Form>
            {user ? (
              <>
                <span className="user-badge">{signedInAs}</span>
                <Link to="/account/password">{t("nav.password")}</Link>
                <Form method="post" action="/logout" className="inline-form">
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <Link className="link-button" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
                {t("nav.login")}
              </Link>
            )}
          </div>
        </div>
        <nav aria-label={t("nav.main")} className="main-nav">
          {/* Keyed by the address, so the menu is closed again on the next page. */}
          <details className="main-nav__menu" key={location.pathname}>
            <summary>{current ? t("display.menuCurrent", { section: t(current.label) }) : t("display.menu")}</summary>
            {links}
            {signedInAs ? <p className="main-nav__user">{signedInAs}</p> : null}
          </details>
          <div className="main-nav__bar">{links}</div>
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
