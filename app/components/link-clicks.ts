import { useLocation, useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * In-app navigation for the plain links inside an element: one click handler for many links.
 * A <Link> runs its hooks on every server render (two path resolutions, a navigate, prefetch
 * state); the campaign dashboard's forty-odd links cost a tenth of its server time that way
 * (ADR 011). Render each link as <Link> would — `<a href={absolute path} data-discover="true">`,
 * the attribute letting Remix discover the target's route ahead of a click — and put the
 * handler on an element around them. A click is taken over exactly when <Link> would take it:
 * the main button without modifier keys, on a link to this site that opens here and is not a
 * download; a link to the page shown replaces its history entry, as with <Link>.
 */
export function useLinkClicks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest("a") : null;
      if (!link || !event.currentTarget.contains(link) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      const to = `${url.pathname}${url.search}${url.hash}`;
      navigate(to, { replace: to === `${pathname}${search}${hash}` });
    },
    [navigate, pathname, search, hash],
  );
}
