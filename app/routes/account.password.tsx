import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { mustChangePassword, requireUser, ROLE_HOME, safeRedirectPath } from "~/auth/guards.server";
import { changeOwnPassword } from "~/auth/passwords.server";
import { PasswordRules } from "~/components/password-rules";
import { FieldError } from "~/components/field";
import { useTranslation } from "~/i18n/use-translation";
import { securitySettings } from "~/security/settings.server";
import { formFields, readForm } from "~/forms/parse-form";

/** Every user changes their own password here; after a reset or once it expired, they must. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { passwordPage: true });
  const { password } = await securitySettings();
  return { policy: password, required: await mustChangePassword(user), username: user.username };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { passwordPage: true });
  const result = await changeOwnPassword(request, user, formFields(await readForm(request)));
  if (!result.ok) return data(result, { status: result.status });
  const back = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), ROLE_HOME[user.role]);
  throw redirect(`${back}${back.includes("?") ? "&" : "?"}notice=passwordChanged`);
}

const FIELDS = [
  { name: "currentPassword", label: "password.current", autoComplete: "current-password" },
  { name: "newPassword", label: "password.new", autoComplete: "new-password" },
  { name: "confirm", label: "signup.confirm", autoComplete: "new-password" },
] as const;

export default function ChangePassword() {
  const { t } = useTranslation();
  const { policy, required, username } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = failed && !failed.ok ? failed.errors : {};
  const params_ = failed && !failed.ok ? failed.params : undefined;
  return (
    <section className="narrow panel">
      <h1>{t("password.title")}</h1>
      {required ? (
        <p className="notice" role="status">
          {t("password.required")}
        </p>
      ) : null}
      {errors._form ? (
        <p className="alert" role="alert">
          {t(errors._form, params_)}
        </p>
      ) : null}
      <Form method="post" action={`/account/password${params.toString() ? `?${params}` : ""}`} noValidate>
        {/* Lets password managers pair the new password with this account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        {FIELDS.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{t(field.label)}</label>
            <input
              id={field.name}
              name={field.name}
              type="password"
              autoComplete={field.autoComplete}
              maxLength={256}
              aria-invalid={errors[field.name] ? true : undefined}
              aria-describedby={[errors[field.name] ? `${field.name}-error` : "", field.name === "newPassword" ? "password-rules" : ""].filter(Boolean).join(" ") || undefined}
            />
            <FieldError id={`${field.name}-error`} error={errors[field.name]} params={params_} />
            {field.name === "newPassword" ? <PasswordRules id="password-rules" policy={policy} /> : null}
          </div>
        ))}
        <button type="submit" className="button" disabled={busy}>
          {t("password.submit")}
        </button>
      </Form>
    </section>
  );
}
