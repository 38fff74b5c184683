import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { exportFileName, exportRegister } from "~/register/organization-export.server";
import { readRegisterQuery } from "~/register/register-query";

/** The register under the current filters as .xlsx, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const query = readRegisterQuery(new URL(request.url), "regulator");
  const body = await exportRegister(query);
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="register.xlsx"; filename*=UTF-8''${encodeURIComponent(exportFileName())}`,
      "Cache-Control": "no-store",
    },
  });
}
