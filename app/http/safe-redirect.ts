/**
 * Where to send a user back to (after sign-in, a language switch, an upload): a path on this
 * site, or the fallback. Decided the way a browser reads a Location header: browsers drop tabs
 * and line breaks from URLs and read "\" as "/", so "/<TAB>/evil.example" and "/\evil.example"
 * both lead off-site. Any control character, whitespace or backslash is refused outright, then
 * the path must resolve on this origin; the answer is the resolved path, never the raw text
 * (a CR or LF in a header would also fail the response).
 */
const PROBE_ORIGIN = "http://this-site.invalid";

export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000 || !value.startsWith("/")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f\\]/.test(value) || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
