import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { OrganizationFacts } from "~/components/organization-facts";
import { useTranslation } from "~/i18n/use-translation";
import { organizationForUser } from "~/register/organizations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "org");
  if (!user.organizationId) throw new Response("Forbidden", { status: 403 });
  return { organization: await organizationForUser(user, user.organizationId) };
}

export default function OrganizationHome() {
  const { t } = useTranslation();
  const { organization } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.org.title")}</h1>
      <section className="panel">
        <h2>{organization.name}</h2>
        <p className="muted">{t("workspace.org.lead")}</p>
        <OrganizationFacts organization={organization} />
      </section>
    </>
  );
}
