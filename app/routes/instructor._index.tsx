import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { useDistrictName } from "~/components/organization-facts";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { lastVisitDates } from "~/party/visits.server";
import { organizationsOfInstructor } from "~/register/organizations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "instructor");
  const organizations = await withCreditLists(user.partyInstructorId ? await organizationsOfInstructor(user.partyInstructorId) : [], (o) => o.id);
  return { organizations, lastVisits: await lastVisitDates(organizations.map((o) => o.id)) };
}

export default function InstructorHome() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { organizations, lastVisits } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.instructor.title")}</h1>
      <p className="lead">{t("workspace.instructor.lead")}</p>
      {organizations.length === 0 ? (
        <p className="empty">{t("workspace.instructor.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.name")}</th>
                <th scope="col">{t("field.type")}</th>
                <th scope="col">{t("field.district")}</th>
                <th scope="col">{t("field.partyForm")}</th>
                <th scope="col">{t("visit.last")}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/instructor/organizations/${o.id}`}>{o.name}</Link>
                    <CreditBadges lists={o.creditLists} />
                  </td>
                  <td>{t(`orgType.${o.type}` as MessageKey)}</td>
                  <td>{districtName(o.district)}</td>
                  <td>{t(`partyForm.${o.partyForm}` as MessageKey)}</td>
                  <td>{lastVisits[o.id] ? formatDate(lastVisits[o.id], locale) : t("visit.never")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
