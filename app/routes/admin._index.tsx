import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listUsers } from "~/admin/users.server";
import { requireRole } from "~/auth/guards.server";
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
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.username")}</th>
              <th scope="col">{t("field.displayName")}</th>
              <th scope="col">{t("field.role")}</th>
              <th scope="col">{t("field.lastLoginAt")}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{formatDateTime(u.lastLoginAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
