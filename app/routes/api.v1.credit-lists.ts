import type { LoaderFunctionArgs } from "@remix-run/node";
import { creditList, publicRow } from "~/daily-gate/credit-lists.server";
import { listQuerySchema } from "~/daily-gate/credit-forms";
import { pageParamsSchema } from "~/forms/page-params";

const PARAMETERS = new Set(["list", "page", "pageSize"]);

/** Public open data: `GET /api/v1/credit-lists?list=abnormal|serious&page=&pageSize=` (400 on anything else). */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Only the documented parameters, each once (as the organizations API): `page[$ne]=1` is a 400.
  const unknown = [...url.searchParams.keys()].filter((key, i, keys) => !PARAMETERS.has(key) || keys.indexOf(key) !== i);
  if (unknown.length) return Response.json({ error: "invalid_parameters", issues: unknown.map((key) => `${key}: unknown or repeated parameter`) }, { status: 400 });
  const query = listQuerySchema.safeParse({ list: url.searchParams.get("list") ?? undefined });
  if (!query.success) return Response.json({ error: "list must be abnormal or serious" }, { status: 400 });
  const page = pageParamsSchema.safeParse({ page: url.searchParams.get("page") ?? undefined, pageSize: url.searchParams.get("pageSize") ?? undefined });
  if (!page.success) return Response.json({ error: "invalid_parameters", issues: ["page and pageSize are whole numbers (pageSize at most 100)"] }, { status: 400 });
  const pageParams = page.data;
  const { total, items } = await creditList(query.data.list, pageParams);
  return Response.json({ list: query.data.list, total, page: pageParams.page, pageSize: pageParams.pageSize, items: items.map(publicRow) });
}
