import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listUsers } from "~/admin/users.server";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await listUsers(pageParams)), ...pageParams };
}

export default function AdminHome() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.admin.title")}</h1>
      <p className="lead">{t("workspace.admin.lead")}</p>
      <DataTable
        rows={data.items}
        columns={[
          { header: t("field.username"), cell: (u) => u.username },
          { header: t("field.displayName"), cell: (u) => u.displayName },
          { header: t("field.role"), cell: (u) => t(`role.${u.role}`) },
          { header: t("field.lastLoginAt"), cell: (u) => formatDateTime(u.lastLoginAt, locale) },
        ]}
      />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
