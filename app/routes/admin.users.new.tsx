import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createAccount, instructorChoices } from "~/admin/users.server";
import { requireRole } from "~/auth/guards.server";
import { AccountBindingFields } from "~/components/account-binding-fields";
import { FieldError } from "~/components/field";
import { TemporaryPassword } from "~/components/temporary-password";
import { useTranslation } from "~/i18n/use-translation";
import { BUSINESS_ROLES } from "~/domain/roles";
import { formFields, readForm } from "~/forms/parse-form";

/** The system administrator creates a business account; its first password is temporary, shown once. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "sysadmin");
  return { instructors: await instructorChoices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "sysadmin");
  const result = await createAccount(user, formFields(await readForm(request)));
  // Not a redirect: the temporary password is shown once, in this answer only, never in an address.
  return data(result, { status: result.ok ? 200 : result.status });
}

export default function NewAccount() {
  const { t } = useTranslation();
  const { instructors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (result?.ok && result.temporaryPassword) {
    return (
      <section className="narrow panel">
        <h1>{t("admin.created", { username: result.username })}</h1>
        <TemporaryPassword username={result.username} password={result.temporaryPassword} />
        <p>
          <Link to={`/accounts/${result.id}`}>{t("admin.openAccount")}</Link> · <Link to="/admin">{t("admin.back")}</Link>
        </p>
      </section>
    );
  }
  const errors = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : {};
  return (
    <section className="panel">
      <h1>{t("admin.create")}</h1>
      <p className="lead">{t("admin.create.lead")}</p>
      <Form method="post" noValidate className="form-grid">
        <div className="field">
          <label htmlFor="username">{t("field.username")}</label>
          <input id="username" name="username" autoComplete="off" maxLength={64} defaultValue={values.username ?? ""} aria-invalid={errors.username ? true : undefined} aria-describedby={errors.username ? "username-error" : undefined} />
          <FieldError id="username-error" error={errors.username} />
        </div>
        <div className="field">
          <label htmlFor="displayName">{t("field.displayName")}</label>
          <input id="displayName" name="displayName" maxLength={32} defaultValue={values.displayName ?? ""} aria-invalid={errors.displayName ? true : undefined} aria-describedby={errors.displayName ? "displayName-error" : undefined} />
          <FieldError id="displayName-error" error={errors.displayName} />
        </div>
        <AccountBindingFields roles={BUSINESS_ROLES} instructors={instructors} values={values} errors={errors} />
        <div className="form-grid__wide">
          <button type="submit" className="button" disabled={busy}>
            {t("admin.create.submit")}
          </button>{" "}
          <Link to="/admin">{t("common.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}
