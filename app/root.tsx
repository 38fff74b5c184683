import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/auth/guards.server";
import { getTextSize } from "~/display/text-size.server";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { useNonce } from "~/components/nonce";
import { getLocale } from "~/i18n/locale.server";
import { DEFAULT_LOCALE, translator } from "~/i18n/i18n";
import { useLocale } from "~/i18n/use-translation";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, textSize] = await Promise.all([getUser(request), getLocale(request), getTextSize(request)]);
  return { user, locale, textSize };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? DEFAULT_LOCALE)("app.name") },
];

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const nonce = useNonce();
  return (
    <html lang={locale} className={data?.textSize === "large" ? "large-text" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell user={data?.user ?? null} textSize={data?.textSize ?? "standard"}>{children}</AppShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) console.error(error);
  const maintenance = isRouteErrorResponse(error) && (error.data as { reason?: unknown } | null)?.reason === "maintenance";
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} maintenance={maintenance} />;
}
