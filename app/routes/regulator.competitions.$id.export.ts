import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit-trail.server";
import { requireRole } from "~/auth/guards.server";
import { resultsWorkbook } from "~/competition/funding/reporting.server";
import { getTranslator } from "~/i18n/locale.server";

/** The competition's results as .xlsx (regulators; the public gets the JSON API once announced). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const t = await getTranslator(request);
  const { buffer, fileName } = await resultsWorkbook(params.id!, t);
  await recordAudit({ actor: user, action: "export.excel", object: { kind: "competition", id: params.id, label: fileName } });
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="results.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
