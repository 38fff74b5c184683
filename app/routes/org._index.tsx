import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { attachmentPanel } from "~/attachments/attachments.server";
import { requireRole } from "~/auth/guards.server";
import { CreditBadges } from "~/components/credit-badges";
import { FileUpload } from "~/components/file-upload";
import { activeListsOf } from "~/daily-gate/credit-lists.server";
import { OrganizationFacts } from "~/components/organization-facts";
import { WorkList } from "~/components/work-list";
import { useTranslation } from "~/i18n/use-translation";
import { organizationForUser } from "~/register/organizations.server";
import { documentsOfOrganization } from "~/documents/access.server";
import { DocumentsPanel } from "~/components/documents-panel";
import { organizationWork } from "~/workbench/work-items.server";
import { STANDING_ORGANIZATION_STATUSES } from "~/domain/organization";
import { isOneOf } from "~/domain/vocabulary";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  if (!user.organizationId) throw new Response("Forbidden", { status: 403 });
  const [organization, files, lists, documents, work] = await Promise.all([
    organizationForUser(user, user.organizationId),
    attachmentPanel(user, { caseKind: "organization", caseId: user.organizationId }),
    activeListsOf([user.organizationId]),
    documentsOfOrganization(user, user.organizationId),
    organizationWork(user),
  ]);
  return { organization, files, creditLists: lists[user.organizationId] ?? [], documents, work, now: new Date().toISOString() };
}

export default function OrganizationHome() {
  const { t } = useTranslation();
  const { organization, files, creditLists, documents, work, now } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.org.title")}</h1>
      <section className="panel" aria-labelledby="work-title">
        <h2 id="work-title">{t("workbench.title")}</h2>
        <p className="muted">{t("workbench.lead")}</p>
        <WorkList items={work} now={now} />
      </section>
      <section className="panel">
        <h2>
          {organization.name}
          <CreditBadges lists={creditLists} />
        </h2>
        <p className="muted">{t("workspace.org.lead")}</p>
        <OrganizationFacts organization={organization} />
      </section>
      <DocumentsPanel list={documents} lead="documents.orgLead" />
      <FileUpload panel={files} title={t("attachments.section.organization")} lead={t("attachments.section.organizationLead")} />
      {/* An organization that has exited has nothing to apply for; one that is exiting follows its case. */}
      {isOneOf(STANDING_ORGANIZATION_STATUSES, organization.status) ? (
        <section className="panel" aria-labelledby="exit-title">
          <h2 id="exit-title">{t("exitGate.apply.title")}</h2>
          <p className="muted">{t("exitGate.apply.homeLead")}</p>
          <p>
            <Link className="button button--secondary" to="/org/deregistration">
              {t(organization.status === "exiting" ? "exitGate.apply.progress" : "exitGate.apply.title")}
            </Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
