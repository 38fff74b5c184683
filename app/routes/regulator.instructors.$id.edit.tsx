import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { InstructorForm } from "~/components/instructor-form";
import { parseForm, readForm } from "~/forms/parse-form";
import { useTranslation } from "~/i18n/use-translation";
import { instructorSchema } from "~/party/instructor-form";
import { getInstructor, updateInstructor } from "~/party/instructors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  return { instructor: await getInstructor(params.id!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "regulator");
  const form = parseForm(instructorSchema, await readForm(request));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  await updateInstructor(params.id!, form.data);
  throw redirect(`/regulator/instructors/${params.id}?notice=saved`);
}

export default function EditInstructor() {
  const { t } = useTranslation();
  const { instructor } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/regulator/instructors">{t("instructor.list.title")}</Link> / <Link to={`/regulator/instructors/${instructor.id}`}>{instructor.name}</Link>
      </p>
      <h1>{t("instructor.edit")}</h1>
      <InstructorForm values={failure?.values ?? { name: instructor.name, agency: instructor.agency, phone: instructor.phone }} errors={failure?.errors ?? {}} submitLabel="common.save" />
    </>
  );
}
