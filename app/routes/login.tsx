import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getUser, ROLE_HOME } from "~/auth/guards.server";
import { signIn } from "~/auth/sign-in.server";
import { FieldError } from "~/components/field";
import { useTranslation } from "~/i18n/use-translation";
import { getTranslator } from "~/i18n/locale.server";
import { formFields, readForm } from "~/forms/parse-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(ROLE_HOME[user.role]);
  const t = await getTranslator(request);
  return { title: `${t("login.title")} · ${t("app.shortName")}` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await signIn(request, formFields(await readForm(request)), context.clientAddress);
  return data(result.body, { status: result.status });
}

export default function Login() {
  const { t } = useTranslation();
  useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const formError = failure?.errors._form;
  return (
    <section className="narrow panel">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {params.get("expired") && !failure ? <p className="notice">{t("login.expired")}</p> : null}
      {params.get("loggedOut") && !failure ? <p className="notice">{t("login.loggedOut")}</p> : null}
      {formError ? (
        <p className="alert" role="alert" id="form-error">
          {t(formError, failure?.params)}
        </p>
      ) : null}
      <Form method="post" noValidate aria-describedby={formError ? "form-error" : undefined}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="username">{t("login.username")}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            maxLength={64}
            defaultValue={failure?.values.username ?? ""}
            aria-invalid={failure?.errors.username ? true : undefined}
            aria-describedby={failure?.errors.username ? "username-error" : undefined}
          />
          <FieldError id="username-error" error={failure?.errors.username} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            aria-invalid={failure?.errors.password ? true : undefined}
            aria-describedby={failure?.errors.password ? "password-error" : undefined}
          />
          <FieldError id="password-error" error={failure?.errors.password} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="muted">
        {t("login.signupHint")} <Link to="/signup">{t("login.signupLink")}</Link>
      </p>
    </section>
  );
}
