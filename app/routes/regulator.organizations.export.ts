import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit-trail.server";
import { requireRole } from "~/auth/guards.server";
import { exportFileName, exportRegister } from "~/register/organization-export.server";
import { readRegisterQuery } from "~/register/register-query";

/** The register under the current filters as .xlsx, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const url = new URL(request.url);
  const query = readRegisterQuery(url, "regulator");
  const body = await exportRegister(query);
  // The file carries contact phone numbers: who took it, and with which filter, is audited.
  await recordAudit({ actor: user, action: "export.excel", object: { kind: "register", label: exportFileName() }, detail: { filter: url.search || "(all)" } });
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="register.xlsx"; filename*=UTF-8''${encodeURIComponent(exportFileName())}`,
      "Cache-Control": "no-store",
    },
  });
}
