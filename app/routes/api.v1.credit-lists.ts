import type { LoaderFunctionArgs } from "@remix-run/node";
import { creditList, publicRow } from "~/daily-gate/credit-lists.server";
import { listQuerySchema } from "~/daily-gate/credit-forms";
import { readPageParams } from "~/forms/page-params";

/** Public open data: `GET /api/v1/credit-lists?list=abnormal|serious&page=&pageSize=` (400 on anything else). */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = listQuerySchema.safeParse({ list: url.searchParams.get("list") ?? undefined });
  if (!query.success) return Response.json({ error: "list must be abnormal or serious" }, { status: 400 });
  const pageParams = readPageParams(url);
  const { total, items } = await creditList(query.data.list, pageParams);
  return Response.json({ list: query.data.list, total, page: pageParams.page, pageSize: pageParams.pageSize, items: items.map(publicRow) });
}
