import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { Notice } from "~/components/notice";
import { useOrganizationColumns } from "~/components/organization-columns";
import { VisitList } from "~/components/visit-list";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { useTranslation } from "~/i18n/use-translation";
import { getInstructor, organizationsOfInstructorForRegulator } from "~/party/instructors.server";
import { recentVisitsOfInstructor } from "~/party/visits.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const instructor = await getInstructor(params.id!);
  const [organizations, visits] = await Promise.all([organizationsOfInstructorForRegulator(instructor.id), recentVisitsOfInstructor(instructor.id, 10)]);
  return { instructor, organizations: await withCreditLists(organizations, (o) => o.id), visits };
}

const NOTICES = { created: "instructor.notice.created", saved: "instructor.notice.saved" } as const;

export default function InstructorDetail() {
  const { t } = useTranslation();
  const columns = useOrganizationColumns();
  const { instructor, organizations, visits } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/regulator/instructors">{t("instructor.list.title")}</Link>
      </p>
      <div className="page-heading">
        <h1>{instructor.name}</h1>
        <Link to={`/regulator/instructors/${instructor.id}/edit`} className="button button--secondary">
          {t("instructor.edit")}
        </Link>
      </div>
      <Notice notices={NOTICES} />
      <section className="panel" aria-labelledby="instructor-facts-heading">
        <h2 id="instructor-facts-heading">{t("instructor.facts")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("instructor.field.agency")}</dt>
            <dd>{instructor.agency}</dd>
          </div>
          <div>
            <dt>{t("instructor.field.phone")}</dt>
            <dd>{instructor.phone}</dd>
          </div>
          <div>
            <dt>{t("instructor.field.organizationCount")}</dt>
            <dd>{organizations.length}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="instructor-organizations-heading">
        <h2 id="instructor-organizations-heading">{t("instructor.organizations")}</h2>
        <DataTable
          rows={organizations}
          empty={t("instructor.organizations.empty")}
          columns={[
            columns.name((o: { id: string }) => `/regulator/organizations/${o.id}/party`),
            { header: t("field.uscc"), cell: (o) => o.uscc },
            columns.district,
            columns.partyForm,
          ]}
        />
      </section>
      <section aria-labelledby="instructor-visits-heading" className="section-gap">
        <h2 id="instructor-visits-heading">{t("visit.recentOfInstructor")}</h2>
        <VisitList visits={visits} />
      </section>
    </>
  );
}
