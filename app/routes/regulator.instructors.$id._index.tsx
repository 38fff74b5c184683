import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { Notice } from "~/components/notice";
import { useDistrictName } from "~/components/organization-facts";
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
  const districtName = useDistrictName();
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
        {organizations.length === 0 ? (
          <p className="empty">{t("instructor.organizations.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("field.name")}</th>
                  <th scope="col">{t("field.uscc")}</th>
                  <th scope="col">{t("field.district")}</th>
                  <th scope="col">{t("field.partyForm")}</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/regulator/organizations/${o.id}/party`}>{o.name}</Link>
                      <CreditBadges lists={o.creditLists} />
                    </td>
                    <td>{o.uscc}</td>
                    <td>{districtName(o.district)}</td>
                    <td>{t(`partyForm.${o.partyForm}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="instructor-visits-heading" className="section-gap">
        <h2 id="instructor-visits-heading">{t("visit.recentOfInstructor")}</h2>
        <VisitList visits={visits} />
      </section>
    </>
  );
}
