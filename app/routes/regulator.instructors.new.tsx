import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { InstructorForm } from "~/components/instructor-form";
import { parseForm, readForm } from "~/forms/parse-form";
import { useTranslation } from "~/i18n/use-translation";
import { instructorSchema } from "~/party/instructor-form";
import { createInstructor } from "~/party/instructors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "regulator");
  const form = parseForm(instructorSchema, await readForm(request));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const id = await createInstructor(form.data);
  throw redirect(`/regulator/instructors/${id}?notice=created`);
}

export default function NewInstructor() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/regulator/instructors">{t("instructor.list.title")}</Link>
      </p>
      <h1>{t("instructor.new")}</h1>
      <InstructorForm values={failure?.values ?? {}} errors={failure?.errors ?? {}} submitLabel="instructor.create" />
    </>
  );
}
