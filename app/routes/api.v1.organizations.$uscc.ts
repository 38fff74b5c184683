import type { LoaderFunctionArgs } from "@remix-run/node";
import { validateUscc } from "~/domain/uscc";
import { publicItems } from "~/register/open-data.server";
import { publicEntryByUscc } from "~/register/register-index.server";

/** Open data: GET /api/v1/organizations/:uscc → one organization, 400 for a malformed code, 404 when unknown. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (new URL(request.url).search) return Response.json({ error: "invalid_parameters", issues: ["no parameters are accepted"] }, { status: 400 });
  const code = validateUscc(params.uscc ?? "");
  if (!code.ok) return Response.json({ error: "invalid_uscc", rule: code.rule }, { status: 400 });
  const entry = await publicEntryByUscc(code.value);
  if (!entry) return Response.json({ error: "not_found" }, { status: 404 });
  const [item] = await publicItems([entry]);
  return Response.json(item);
}
