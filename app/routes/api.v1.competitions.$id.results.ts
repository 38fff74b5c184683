import type { LoaderFunctionArgs } from "@remix-run/node";
import { cachedResultsJson } from "~/competition/public/results-cache.server";

/**
 * Open data: GET /api/v1/competitions/:id/results — once the announcement has started, every
 * scored entry with its judges' totals under anonymous labels, so anyone can recompute the
 * ranking (docs/scoring.md). 404 before. Served from a short-lived cache (results-cache.server.ts);
 * its HTTP caching headers are those of all open data (app/http/public-cache.server.ts).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const body = await cachedResultsJson(params.id ?? "").catch((error: unknown) => {
    if (error instanceof Response) return null;
    if ((error as { code?: string }).code === "notFound") return null;
    throw error;
  });
  if (!body) return Response.json({ error: "not_found" }, { status: 404 });
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } });
}
