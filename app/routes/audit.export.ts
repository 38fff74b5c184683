import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditFilterSchema } from "~/audit/audit-forms";
import { exportAudit } from "~/audit/audit-query.server";
import { requireRole } from "~/auth/guards.server";
import { toCalendarDateString } from "~/domain/calendar-date";

/** The filtered audit trail as .xlsx, streamed; the export is itself recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "auditadmin");
  const url = new URL(request.url);
  const filter = auditFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!filter.success) throw new Response("Bad Request", { status: 400 });
  const body = await exportAudit(user, filter.data);
  const fileName = `安全审计记录-${toCalendarDateString(new Date())}.xlsx`;
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
