import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { RegistrationTable } from "~/components/registration-table";
import { readPageParams } from "~/forms/page-params";
import { useTranslation } from "~/i18n/use-translation";
import { myApplications } from "~/registration/registration.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "applicant", "org");
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await myApplications(user, pageParams)), ...pageParams, now: new Date().toISOString() };
}

export default function MyApplications() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("registration.list.title")}</h1>
        <Link className="button" to="/applications/new">
          {t("registration.new")}
        </Link>
      </div>
      <RegistrationTable items={data.items} now={data.now} empty={t("registration.list.empty")} />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
