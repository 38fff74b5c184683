import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { useOrganizationColumns } from "~/components/organization-columns";
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { formatDate } from "~/i18n/format";
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
  const columns = useOrganizationColumns();
  const { organizations, lastVisits } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.instructor.title")}</h1>
      <p className="lead">{t("workspace.instructor.lead")}</p>
      <DataTable
        rows={organizations}
        empty={t("workspace.instructor.empty")}
        columns={[
          columns.name((o: { id: string }) => `/instructor/organizations/${o.id}`),
          columns.type,
          columns.district,
          columns.partyForm,
          { header: t("visit.last"), cell: (o) => (lastVisits[o.id] ? formatDate(lastVisits[o.id], locale) : t("visit.never")) },
        ]}
      />
    </>
  );
}
