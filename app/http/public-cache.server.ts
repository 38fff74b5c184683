/**
 * HTTP caching of what the public sees (ADR 019): the public pages and the open-data API carry
 * a validator made from the read-model tokens (ADR 007/011) — any write to data a page shows
 * replaces a token and so the validator — and a `Cache-Control` that lets a reverse proxy or
 * CDN answer bursts for a few seconds. A conditional request whose validator is still current
 * gets 304 before any loader runs. Signed-in responses are never stored anywhere.
 *
 * The server calls `publicValidator` through the build's entry module (app/entry.server.tsx), so
 * it reads the same token copies the loaders use and shares the request's token read with them.
 */
import { createHash } from "node:crypto";
import { AUTH_READ_MODEL } from "@models/read-model-version";
import { followedTokens } from "~/read-model/versioned.server";

/** What the public may read: pages and open data (not sign-in/sign-up forms, not files). */
const PUBLIC_PATHS = [/^\/$/, /^\/about$/, /^\/directory(\/[^/]+)?$/, /^\/credit$/, /^\/competitions(\/[^/]+)?$/, /^\/verify\/[^/]+$/, /^\/api\/v1\/(?!uploadthing)/];

/** Proxies may serve a public response this long without asking; browsers always ask (a 304 is cheap). */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=10, stale-while-revalidate=30";

/** The session cookie's name (app/auth/session.server.ts): its presence makes a request private. */
const SESSION_COOKIE = /(?:^|;\s*)__session=/;

export const isPublicPath = (path: string) => PUBLIC_PATHS.some((pattern) => pattern.test(path));
export const carriesSession = (cookie: string | undefined) => Boolean(cookie && SESSION_COOKIE.test(cookie));

const shanghaiDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" });

/**
 * The validator of a public response, or null when the request is not a public one. It changes
 * when any read model but sessions/users changes (a page's own tokens are among them), with the
 * build (new code renders differently), the language cookie (the page's language) and the
 * Beijing date (pages that say "today" or count days).
 */
export async function publicValidator(method: string, path: string, cookie: string | undefined, buildVersion: string): Promise<string | null> {
  if ((method !== "GET" && method !== "HEAD") || carriesSession(cookie) || !isPublicPath(path)) return null;
  const tokens = await followedTokens();
  const hash = createHash("sha1").update(buildVersion).update("\0").update(/(?:^|;\s*)lang=([^;]*)/.exec(cookie ?? "")?.[1] ?? "").update("\0").update(shanghaiDay.format(Date.now()));
  for (const [name, token] of tokens) if (name !== AUTH_READ_MODEL) hash.update(`\0${name}=${token}`);
  return `W/"${hash.digest("base64url")}"`;
}
