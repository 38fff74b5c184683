/**
 * The HTTP server around the Remix build: static assets, security headers with a per-response
 * CSP nonce, the Origin check on every mutation, and the load context (client address).
 */
import { randomBytes } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { withRequestScope } from "./request-scope.server";

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
 * browsers, its Referer). Requests without either are refused too: every browser sends one
 * on a form post, and scripts can set it.
 */
export function originCheck(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || ORIGIN_EXEMPT.some((pattern) => pattern.test(req.path))) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  const claimed = originOf(req.get("origin")) ?? originOf(req.get("referer"));
  if (claimed === expected) return next();
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send("请求来源校验失败，请从本站页面提交。\nThe request's origin could not be verified. Submit it from this site's pages.");
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
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: options.production ? "1h" : 0, index: false }));
  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  app.use(originCheck);
  app.use((_req, _res, next) => withRequestScope(next));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.development ? "development" : "production",
      getLoadContext: (req, res) => ({ clientAddress: req.ip ?? "unknown", cspNonce: String(res.locals.cspNonce ?? "") }),
    }),
  );
  return app;
}
