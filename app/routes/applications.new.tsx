import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { ApplicationForm } from "~/components/workflow/application-form";
import { useTranslation } from "~/i18n/use-translation";
import { EMPTY_APPLICATION } from "~/registration/application-form";
import { createApplication } from "~/registration/registration.server";
import { formFields, readForm } from "~/forms/parse-form";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "applicant", "org");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "applicant", "org");
  const result = await createApplication(user, formFields(await readForm(request)));
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/registrations/${result.caseId}?notice=created`);
}

export default function NewApplication() {
  const { t } = useTranslation();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>{t("registration.new")}</h1>
      <p className="lead">{t("registration.new.intro")}</p>
      <section className="panel">
        <ApplicationForm values={failed?.values ?? EMPTY_APPLICATION} errors={failed?.errors} submitLabel="registration.saveDraft" />
      </section>
    </>
  );
}
