import type { LoaderFunctionArgs } from "@remix-run/node";
import { resultsDocument } from "~/competition/public.server";

/**
 * Open data: GET /api/v1/competitions/:id/results — once the announcement has started, every
 * scored entry with its judges' totals under anonymous labels, so anyone can recompute the
 * ranking (docs/scoring.md). 404 before.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const results = await resultsDocument(params.id ?? "").catch((error: unknown) => {
    if (error instanceof Response) return null;
    if ((error as { code?: string }).code === "notFound") return null;
    throw error;
  });
  if (!results) return Response.json({ error: "not_found" }, { status: 404 });
  return Response.json(results, { headers: { "Cache-Control": "no-cache" } });
}
