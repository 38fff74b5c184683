/**
 * Answers "temporarily unavailable" (503) instead of waiting or failing with a 500 when the
 * database cannot be reached or writes are paused for a backup (ADR 013). Every route's loader
 * and action is wrapped once, when the server starts:
 *  - while the database is known to be away (db-health.server.ts) they answer 503 at once, and
 *    those already waiting answer 503 the moment it goes away;
 *  - an error that says the database could not be reached becomes a 503 (db.server.ts);
 *  - actions run in a write slot, refused with a 503 during a backup's write pause.
 * Pages get the error page in the visitor's language (the root error boundary reads `locale`
 * from the answer, since the root loader could not run); `/api/*` gets JSON; other resource
 * routes (downloads, exports) plain text.
 */
import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import { databaseState, whenUnavailable } from "~/db-health.server";
import { isDatabaseUnavailableError } from "~/db.server";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { withWriteSlot, WritesPausedError } from "~/maintenance/write-pause.server";

/** Actions that write only sessions (no business data), so they go on during a backup. */
const WRITE_PAUSE_EXEMPT = new Set(["routes/login", "routes/logout", "routes/set-locale"]);

export type UnavailableReason = "database" | "maintenance";

export async function unavailableResponse(request: Request, reason: UnavailableReason, resource: boolean): Promise<Response> {
  const locale = await getLocale(request);
  const t = translator(locale);
  const message = t(reason === "maintenance" ? "error.text.503.maintenance" : "error.text.503");
  const headers = { "Retry-After": reason === "maintenance" ? "30" : "5", "Cache-Control": "no-store" };
  if (resource && !new URL(request.url).pathname.startsWith("/api/")) {
    return new Response(`${t("error.title.503")}\n${message}\n`, { status: 503, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
  return Response.json({ error: "service_unavailable", reason, message, locale }, { status: 503, headers });
}

const OUTAGE = Symbol("database outage");

function unavailableReason(error: unknown): UnavailableReason | null {
  if (error instanceof WritesPausedError) return "maintenance";
  if (isDatabaseUnavailableError(error)) return "database";
  return null;
}

function guard<F extends LoaderFunction | ActionFunction>(handler: F, resource: boolean): F {
  const guarded = async (args: Parameters<F>[0]) => {
    if (!databaseState().available) throw await unavailableResponse(args.request, "database", resource);
    // Answer as soon as the database is known to be away, not when this request's query gives
    // up; the handler is left to finish or fail on its own.
    const work = Promise.resolve(handler(args as never));
    work.catch(() => {});
    const outage = whenUnavailable();
    try {
      const result = await Promise.race([work, outage.promise.then(() => OUTAGE)]);
      if (result === OUTAGE) throw await unavailableResponse(args.request, "database", resource);
      return result;
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason) throw await unavailableResponse(args.request, reason, resource);
      throw error;
    } finally {
      outage.cancel();
    }
  };
  return guarded as F;
}

/** The build with every loader and action guarded as above. */
export function guardRoutes(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module;
      const resource = !route.module.default;
      const module = { ...route.module };
      if (loader) module.loader = guard(loader, resource);
      if (action) {
        const inSlot: ActionFunction = WRITE_PAUSE_EXEMPT.has(id) ? action : (args) => withWriteSlot(async () => action(args));
        module.action = guard(inSlot, resource);
      }
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes };
}
