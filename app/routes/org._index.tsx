import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { attachmentPanel } from "~/attachments/attachments.server";
import { requireRole } from "~/auth/guards.server";
import { FileUpload } from "~/components/file-upload";
import { OrganizationFacts } from "~/components/organization-facts";
import { useTranslation } from "~/i18n/use-translation";
import { organizationForUser } from "~/register/organizations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  if (!user.organizationId) throw new Response("Forbidden", { status: 403 });
  const [organization, files] = await Promise.all([
    organizationForUser(user, user.organizationId),
    attachmentPanel(user, { caseKind: "organization", caseId: user.organizationId }),
  ]);
  return { organization, files };
}

export default function OrganizationHome() {
  const { t } = useTranslation();
  const { organization, files } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.org.title")}</h1>
      <section className="panel">
        <h2>{organization.name}</h2>
        <p className="muted">{t("workspace.org.lead")}</p>
        <OrganizationFacts organization={organization} />
      </section>
      <FileUpload panel={files} title={t("attachments.section.organization")} lead={t("attachments.section.organizationLead")} />
    </>
  );
}
