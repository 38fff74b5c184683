import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { attachmentPanel } from "~/attachments/attachments.server";
import { requireRole } from "~/auth/guards.server";
import { FileUpload } from "~/components/file-upload";
import { useTranslation } from "~/i18n/use-translation";

/** Files tab of the regulator's organization page (a child of regulator.organizations.$id). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  return { files: await attachmentPanel(user, { caseKind: "organization", caseId: params.id ?? "" }) };
}

export default function OrganizationFilesTab() {
  const { t } = useTranslation();
  const { files } = useLoaderData<typeof loader>();
  return <FileUpload panel={files} title={t("attachments.section.organizationFiles")} lead={t("attachments.section.organizationFilesLead")} />;
}
