/**
 * The HTTP server around the Remix build: static assets, security headers with a per-response
 * CSP nonce, the health check, the Origin check on every mutation, the load context (client
 * address), and 503s while the database is away or writes are paused (unavailable.server.ts).
 */
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { databaseState, whenUnavailable } from "~/db-health.server";
import { healthz } from "./healthz.server";
import { carriesSession, PUBLIC_CACHE_CONTROL, type publicValidator } from "./public-cache.server";
import { withRequestScope } from "./request-scope.server";
import { guardRoutes } from "./unavailable.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Callers that authenticate by signature, not by cookie (UploadThing's server callback). */
const ORIGIN_EXEMPT = [/^\/api\/uploadthing(\/|$)/];

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery guard: a mutation must name this site as its Origin (or, for old
 * browsers that send no Origin, its Referer). Requests without either are refused too: every
 * browser sends one on a form post, and scripts can set it. An Origin that is present decides
 * alone: `Origin: null` (sandboxed frames, some redirects) is refused whatever the Referer says.
 */
export function originCheck(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || ORIGIN_EXEMPT.some((pattern) => pattern.test(req.path))) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  const origin = req.get("origin");
  const claimed = origin === undefined ? originOf(req.get("referer")) : originOf(origin);
  if (claimed === expected) return next();
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send("请求来源校验失败，请从本站页面提交。\nThe request's origin could not be verified. Submit it from this site's pages.");
}

/**
 * Transport and caching headers for the deployment's HTTPS (等保 level 3): HSTS in production
 * (browsers ignore it over plain HTTP, so development is unaffected), and `no-store` on every
 * response to a signed-in visitor, so no page with personal or business data is kept in a cache.
 */
export function transportHeaders(production: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (/(^|;\s*)__session=/.test(req.get("cookie") ?? "")) res.setHeader("Cache-Control", "no-store");
    next();
  };
}

/** The one address our own pages may frame: a judge's PDF shown on the scoring page. */
const FRAMEABLE_BY_SELF = /^\/judge\/entries\/[^/]+\/files\/[^/]+$/;

export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const frameable = FRAMEABLE_BY_SELF.test(req.path);
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self' https://*.ingest.uploadthing.com https://api.uploadthing.com",
      "form-action 'self'",
      frameable ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", frameable ? "SAMEORIGIN" : "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
}

/**
 * Public pages and open data: a validator from the read-model tokens, 304 when it is current,
 * proxy caching for a few seconds (app/http/public-cache.server.ts, ADR 019); requests with a
 * session are never stored. The validator comes from the build's entry module, which shares the
 * loaders' token copies.
 */
/** `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for GET), or is `*`. */
function matchesValidator(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag.replace(/^W\//, "") === opaque;
  });
}

function httpCaching(build: ServerBuild) {
  const validator = (build.entry.module as { publicValidator?: typeof publicValidator }).publicValidator;
  return (req: Request, res: Response, next: NextFunction) => {
    // A signed-in visitor's responses are never stored; with the database away there is no
    // validator to read, and the route's guard answers 503 at once.
    if (!validator || carriesSession(req.get("cookie")) || !databaseState().available) return next();
    const outage = whenUnavailable();
    const validated = Promise.race([validator(req.method, req.path, req.get("cookie"), build.assets.version), outage.promise.then(() => null)]);
    validated.finally(() => outage.cancel()).catch(() => {});
    validated.then((etag) => {
      if (!etag) return next();
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", PUBLIC_CACHE_CONTROL);
      res.setHeader("Vary", "Cookie");
      // Not `req.fresh`: it ignores validators when the request says `Cache-Control: no-cache`,
      // which fetch() adds to every conditional request; the origin answers them all (RFC 9110).
      if (matchesValidator(req.get("if-none-match"), etag)) return void res.status(304).end();
      // Only a 200 may be stored or revalidated: a 404 or a redirect answers without them.
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
        if ((typeof args[0] === "number" ? args[0] : this.statusCode) !== 200) {
          this.removeHeader("ETag");
          this.setHeader("Cache-Control", "no-cache");
        }
        return writeHead.apply(this, args);
      } as Response["writeHead"];
      next();
      // Without a validator (the database away or slow) the page is answered as if uncached: the
      // route's own guard then says 503, where passing the error on would make it a 500.
    }, () => next());
  };
}

/** `development` shows error details in pages; every other mode (test too) hides them. */
export function createHttpApp(build: ServerBuild, options: { trustProxy: boolean; production: boolean; development: boolean }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders);
  app.use(transportHeaders(options.production));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  // Only the files public/ holds (listed at start): a static handler asked for every page
  // costs each request a file-system lookup that fails.
  const publicFiles = new Set(readdirSync("public", { withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [`/${entry.name}`] : [])));
  const publicStatic = express.static("public", { maxAge: options.production ? "1h" : 0, index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
  app.get("/healthz", healthz);
  app.use(originCheck);
  app.use((req, _res, next) => withRequestScope(next, req.ip));
  app.use(httpCaching(build));
  app.all(
    "*",
    createRequestHandler({
      build: guardRoutes(build),
      mode: options.development ? "development" : "production",
      getLoadContext: (req, res) => ({ clientAddress: req.ip ?? "unknown", cspNonce: String(res.locals.cspNonce ?? "") }),
    }),
  );
  return app;
}
