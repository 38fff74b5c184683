import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getUser, ROLE_HOME } from "~/auth/guards.server";
import { signUp } from "~/auth/sign-up.server";
import { FieldError } from "~/components/field";
import { PasswordRules } from "~/components/password-rules";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { securitySettings } from "~/security/settings.server";
import { formFields, readForm } from "~/forms/parse-form";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  // Just signed up: the account's username (the chosen name and a number) is shown once, here.
  const created = new URL(request.url).searchParams.get("created");
  if (user && created === user.username) return { created, policy: null };
  if (user) throw redirect(ROLE_HOME[user.role]);
  return { created: null, policy: (await securitySettings()).password };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await signUp(formFields(await readForm(request)), context.clientAddress);
  return data(result.body, { status: result.status });
}

const FIELDS: { name: "username" | "displayName" | "password" | "confirm"; label: MessageKey; type: string; autoComplete: string }[] = [
  { name: "username", label: "login.username", type: "text", autoComplete: "username" },
  { name: "displayName", label: "signup.displayName", type: "text", autoComplete: "name" },
  { name: "password", label: "login.password", type: "password", autoComplete: "new-password" },
  { name: "confirm", label: "signup.confirm", type: "password", autoComplete: "new-password" },
];

/** Founders of a new organization create an applicant account here. */
export default function SignUp() {
  const { t } = useTranslation();
  const { created, policy } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  if (created) {
    return (
      <section className="narrow panel">
        <h1>{t("signup.created.title")}</h1>
        <p className="notice" role="status">
          {t("signup.created.username")} <strong className="mono">{created}</strong>
        </p>
        <p>{t("signup.created.remember")}</p>
        <Link className="button" to="/applications/new">
          {t("signup.created.continue")}
        </Link>
      </section>
    );
  }
  return (
    <section className="narrow panel">
      <h1>{t("signup.title")}</h1>
      <p>{t("signup.intro")}</p>
      {failed?.errors._form ? (
        <p className="alert" role="alert">
          {t(failed.errors._form)}
        </p>
      ) : null}
      <Form method="post" noValidate>
        {FIELDS.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{t(field.label)}</label>
            <input
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              defaultValue={field.type === "password" ? undefined : (failed?.values[field.name as "username" | "displayName"] ?? "")}
              aria-invalid={failed?.errors[field.name] ? true : undefined}
              aria-describedby={[failed?.errors[field.name] ? `${field.name}-error` : "", field.name === "username" || field.name === "password" ? `${field.name}-hint` : ""].filter(Boolean).join(" ") || undefined}
            />
            <FieldError id={`${field.name}-error`} error={failed?.errors[field.name]} params={failed?.params} />
            {field.name === "username" ? (
              <p className="muted field__hint" id="username-hint">
                {t("signup.usernameHint")}
              </p>
            ) : null}
            {field.name === "password" && policy ? <PasswordRules id="password-hint" policy={policy} /> : null}
          </div>
        ))}
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="website">Website</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <button type="submit" className="button">
          {t("signup.submit")}
        </button>
      </Form>
      <p className="muted">
        <Link to="/login">{t("signup.haveAccount")}</Link>
      </p>
    </section>
  );
}
