import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicItems } from "~/register/open-data.server";
import { searchRegister } from "~/register/register-index.server";
import { parseRegisterQuery } from "~/register/register-query";

/** Open data: GET /api/v1/organizations?q=&type=&district=&status=&page=&pageSize= (read-only, no login). */
export async function loader({ request }: LoaderFunctionArgs) {
  const result = parseRegisterQuery(new URL(request.url).searchParams, "public");
  if (!result.ok) return Response.json({ error: "invalid_parameters", issues: result.issues }, { status: 400 });
  const { page, pageSize } = result.query;
  const { total, items } = await searchRegister(result.query);
  return Response.json({ total, page, pageSize, items: await publicItems(items) });
}
