/**
 * The HTTP server around the Remix build: static assets, security headers with a per-response
 * CSP nonce, the health check, the Origin check on every mutation, the load context (client
 * address), and 503s while the database is away or writes are paused (unavailable.server.ts).
 */
import { randomBytes } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { healthz } from "./healthz.server";
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

/** `development` shows error details in pages; every other mode (test too) hides them. */
export function createHttpApp(build: ServerBuild, options: { trustProxy: boolean; production: boolean; development: boolean }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders);
  app.use(transportHeaders(options.production));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: options.production ? "1h" : 0, index: false }));
  app.get("/healthz", healthz);
  app.use(originCheck);
  app.use((req, _res, next) => withRequestScope(next, req.ip));
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
