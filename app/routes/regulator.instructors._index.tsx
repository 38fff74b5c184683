import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
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
      {data.items.length === 0 ? (
        <p className="empty">{t("instructor.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("instructor.field.name")}</th>
                <th scope="col">{t("instructor.field.agency")}</th>
                <th scope="col">{t("instructor.field.phone")}</th>
                <th scope="col" className="numeric">
                  {t("instructor.field.organizationCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/regulator/instructors/${i.id}`}>{i.name}</Link>
                  </td>
                  <td>{i.agency}</td>
                  <td>{i.phone}</td>
                  <td className="numeric">{i.organizationCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
