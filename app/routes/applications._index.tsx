import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { myApplications } from "~/registration/registration.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "applicant", "org");
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await myApplications(user, pageParams)), ...pageParams, now: new Date().toISOString() };
}

export default function MyApplications() {
  const { t, locale } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("registration.list.title")}</h1>
        <Link className="button" to="/applications/new">
          {t("registration.new")}
        </Link>
      </div>
      {data.items.length === 0 ? (
        <p className="empty">{t("registration.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("registration.field.proposedName")}</th>
                <th scope="col">{t("registration.field.orgType")}</th>
                <th scope="col">{t("registration.field.state")}</th>
                <th scope="col">{t("registration.field.dueAt")}</th>
                <th scope="col">{t("registration.field.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/registrations/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{t(`orgType.${item.orgType}` as MessageKey)}</td>
                  <td>{t(`registration.state.${item.state}` as MessageKey)}</td>
                  <td>
                    <DueClock dueAt={item.dueAt} now={data.now} />
                  </td>
                  <td>{formatDateTime(item.submittedAt, locale)}</td>
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
