import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { Notice } from "~/components/notice";
import { Pagination } from "~/components/pagination";
import { readPageParams } from "~/forms/page-params";
import { useTranslation } from "~/i18n/use-translation";
import { listInstructors } from "~/party/instructors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  const pageParams = readPageParams(url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 50);
  return { ...(await listInstructors(pageParams, q)), ...pageParams, q };
}

export default function InstructorList() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-heading">
        <h1>{t("instructor.list.title")}</h1>
        <Link to="/regulator/instructors/new" className="button">
          {t("instructor.new")}
        </Link>
      </div>
      <p className="lead">{t("instructor.list.lead")}</p>
      <Notice notices={{ created: "instructor.notice.created" }} />
      <Form method="get" className="search-row" role="search">
        <div className="field">
          <label htmlFor="instructor-q">{t("instructor.list.search")}</label>
          <input id="instructor-q" name="q" type="search" maxLength={50} defaultValue={data.q} />
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
      </Form>
      <DataTable
        rows={data.items}
        empty={t("instructor.list.empty")}
        columns={[
          { header: t("instructor.field.name"), cell: (i) => <Link to={`/regulator/instructors/${i.id}`}>{i.name}</Link> },
          { header: t("instructor.field.agency"), cell: (i) => i.agency },
          { header: t("instructor.field.phone"), cell: (i) => i.phone },
          { header: t("instructor.field.organizationCount"), cell: (i) => i.organizationCount, className: "numeric", headerClassName: "numeric" },
        ]}
      />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
