import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountPage, changeRole, instructorChoices, resetPassword, setDisabled } from "~/admin/users.server";
import { requireRole, ROLE_HOME } from "~/auth/guards.server";
import { AccountBindingFields } from "~/components/account-binding-fields";
import { ConfirmSubmit } from "~/components/confirm-submit";
import { Notice } from "~/components/notice";
import { TemporaryPassword } from "~/components/temporary-password";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { formFields, parseIntent, readForm } from "~/forms/parse-form";

/**
 * One account, for the administrator who keeps it (三员分立, app/admin/role-rules.ts): the system
 * administrator for business accounts, the security administrator for administrators' accounts.
 * Each form is offered only when the rules allow it; the server checks again.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "sysadmin", "secadmin");
  const account = await accountPage(user, params.id);
  return { account, instructors: account.allowed.changeRole ? await instructorChoices() : [], home: ROLE_HOME[user.role] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "sysadmin", "secadmin");
  const form = formFields(await readForm(request));
  const intent = parseIntent(form, ["disable", "enable", "resetPassword", "changeRole"]);
  const here = `/accounts/${params.id}`;
  switch (intent) {
    case "disable":
    case "enable":
      await setDisabled(user, params.id, intent === "disable");
      throw redirect(`${here}?notice=${intent}d`);
    case "resetPassword":
      // Shown once in this answer, never in an address.
      return data({ intent, ...(await resetPassword(user, params.id)) });
    case "changeRole": {
      const result = await changeRole(user, params.id, form);
      if (!result.ok) return data({ intent, ...result }, { status: result.status });
      throw redirect(`${here}?notice=roleChanged`);
    }
  }
}

const NOTICES = { disabled: "admin.notice.disabled", enabled: "admin.notice.enabled", roleChanged: "admin.notice.roleChanged" } as const;

export default function Account() {
  const { t, locale } = useTranslation();
  const { account, instructors, home } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reset = result && "temporaryPassword" in result ? result : null;
  const roleFailure = result && "ok" in result && !result.ok ? result : null;
  const facts: [MessageKey, string][] = [
    ["field.username", account.username],
    ["field.displayName", account.displayName],
    ["field.role", t(`role.${account.role}`)],
    ["admin.filter.status", t(account.disabled ? "admin.status.disabled" : "admin.status.active")],
    ["field.lastLoginAt", formatDateTime(account.lastLoginAt, locale) || "—"],
    ["admin.field.createdAt", formatDateTime(account.createdAt, locale) || "—"],
  ];
  if (account.organization) facts.push(["admin.field.organization", `${account.organization.name}（${account.organization.uscc}）`]);
  if (account.instructor) facts.push(["admin.field.instructor", `${account.instructor.name}（${account.instructor.agency}）`]);
  return (
    <>
      <p>
        <Link to={home}>{t("admin.back")}</Link>
      </p>
      <h1>{t("admin.account.title", { username: account.username })}</h1>
      <Notice notices={NOTICES} />
      {account.mustChangePassword ? <p className="notice">{t("admin.status.mustChangeLong")}</p> : null}
      <section className="panel">
        <dl className="facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {reset ? (
        <section className="panel">
          <h2>{t("admin.reset.done")}</h2>
          <TemporaryPassword username={reset.username} password={reset.temporaryPassword} />
        </section>
      ) : null}

      {account.allowed.disable || account.allowed.enable || account.allowed.resetPassword ? (
        <section className="panel" aria-labelledby="status-title">
          <h2 id="status-title">{t("admin.account.actions")}</h2>
          <div className="account-actions">
            {account.allowed.disable ? (
              <Form method="post">
                <ConfirmSubmit label={t("admin.disable")} consequence={t("admin.disable.consequence")} name="intent" value="disable" disabled={busy} danger />
              </Form>
            ) : null}
            {account.allowed.enable ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="enable" />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t("admin.enable")}
                </button>
              </Form>
            ) : null}
            {account.allowed.resetPassword ? (
              <Form method="post">
                <ConfirmSubmit label={t("admin.reset")} consequence={t("admin.reset.consequence")} name="intent" value="resetPassword" disabled={busy} />
              </Form>
            ) : null}
          </div>
        </section>
      ) : (
        <p className="muted">{t("admin.account.notYours")}</p>
      )}

      {account.allowed.changeRole ? (
        <section className="panel" aria-labelledby="role-title">
          <h2 id="role-title">{t("admin.role.title")}</h2>
          <p className="muted">{t("admin.role.lead")}</p>
          {roleFailure ? (
            <p className="alert" role="alert">
              {t("admin.role.failed")}
            </p>
          ) : null}
          <Form method="post" noValidate className="form-grid">
            <input type="hidden" name="intent" value="changeRole" />
            <AccountBindingFields
              roles={account.roles}
              instructors={instructors}
              values={roleFailure?.values ?? { role: account.role, uscc: account.organization?.uscc ?? "", partyInstructorId: account.instructor?.id ?? "" }}
              errors={roleFailure?.errors ?? {}}
            />
            <div className="form-grid__wide">
              <button type="submit" className="button" disabled={busy}>
                {t("admin.role.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
