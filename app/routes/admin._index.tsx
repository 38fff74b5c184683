import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listUsers, userFilterSchema } from "~/admin/users.server";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { FilterForm, FilterSelect } from "~/components/filter-form";
import { Notice } from "~/components/notice";
import { Pagination } from "~/components/pagination";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { ROLES } from "~/domain/roles";

/** The system administrator's workbench: every account, found by name, role and status (三员分立: no business data). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "sysadmin");
  const url = new URL(request.url);
  const filter = userFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!filter.success) throw new Response("Bad Request", { status: 400 });
  const pageParams = readPageParams(url);
  return { ...(await listUsers(filter.data, pageParams)), ...pageParams, filter: filter.data };
}

const NOTICES = { passwordChanged: "password.changed" } as const;

export default function AdminHome() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("workspace.admin.title")}</h1>
          <p className="lead">{t("admin.lead")}</p>
        </div>
        <Link className="button" to="/admin/users/new">
          {t("admin.create")}
        </Link>
      </div>
      <Notice notices={NOTICES} />
      <FilterForm className="filters panel" role="search">
        <div className="field">
          <label htmlFor="filter-q">{t("admin.filter.q")}</label>
          <input id="filter-q" name="q" type="search" maxLength={64} defaultValue={data.filter.q} />
        </div>
        <FilterSelect name="role" label={t("field.role")} value={data.filter.role} options={ROLES.map((r) => [r, t(`role.${r}`)])} />
        <FilterSelect
          name="status"
          label={t("admin.filter.status")}
          value={data.filter.status}
          options={[
            ["active", t("admin.status.active")],
            ["disabled", t("admin.status.disabled")],
          ]}
        />
        <button type="submit" className="button">
          {t("register.apply")}
        </button>
      </FilterForm>
      <DataTable
        rows={data.items}
        empty={t("admin.empty")}
        columns={[
          { header: t("field.username"), cell: (u) => <Link to={`/accounts/${u.id}`}>{u.username}</Link> },
          { header: t("field.displayName"), cell: (u) => u.displayName },
          { header: t("field.role"), cell: (u) => t(`role.${u.role}`) },
          {
            header: t("admin.filter.status"),
            cell: (u) => (
              <>
                <span className={`badge${u.disabled ? " badge--withdrawn" : ""}`}>{t(u.disabled ? "admin.status.disabled" : "admin.status.active")}</span>
                {u.mustChangePassword ? <span className="badge badge--pending">{t("admin.status.mustChange")}</span> : null}
              </>
            ),
          },
          { header: t("field.lastLoginAt"), cell: (u) => formatDateTime(u.lastLoginAt, locale) },
        ]}
      />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
