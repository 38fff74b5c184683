import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ADMIN_ROLES } from "~/domain/roles";
import { listUsers } from "~/admin/users.server";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { FieldError } from "~/components/field";
import { InlineActionForm } from "~/components/inline-action-form";
import { Notice } from "~/components/notice";
import { type FieldErrors, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { currentLockouts, unlock, unlockSchema } from "~/security/lockouts.server";
import { securitySettingsFormSchema, settingsFromForm, settingsToForm } from "~/security/security-settings";
import { securitySettings, updateSecuritySettings } from "~/security/settings.server";

/** The security administrator's workbench: password, lockout and session settings; locked accounts; administrators' accounts. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "secadmin");
  const [settings, lockouts, admins] = await Promise.all([
    securitySettings(),
    currentLockouts(),
    listUsers({ q: "", role: "", status: "" }, { page: 1, pageSize: 100 }, ADMIN_ROLES),
  ]);
  return { values: settingsToForm(settings), lockouts, admins: admins.items };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "secadmin");
  const formData = await readForm(request);
  if (parseIntent(formData, ["unlock", "saveSettings"], "saveSettings") === "unlock") {
    const form = parseForm(unlockSchema, formData);
    if (!form.ok) throw new Response("Bad Request", { status: 400 });
    await unlock(user, form.data.username);
    throw redirect("/security?notice=unlocked");
  }
  const form = parseForm(securitySettingsFormSchema, formData);
  if (!form.ok) return data({ errors: form.errors as FieldErrors, values: form.values }, { status: 400 });
  const { changed } = await updateSecuritySettings(user, settingsFromForm(form.data));
  throw redirect(`/security?notice=${changed ? "saved" : "unchanged"}`);
}

const NOTICES = { saved: "security.notice.saved", unchanged: "security.notice.unchanged", unlocked: "security.notice.unlocked", passwordChanged: "password.changed" } as const;

type NumberField = { name: string; label: MessageKey; hint: MessageKey };
const GROUPS: { legend: MessageKey; numbers: NumberField[]; checkbox?: { name: string; label: MessageKey } }[] = [
  {
    legend: "security.group.password",
    numbers: [
      { name: "minLength", label: "security.field.minLength", hint: "security.hint.minLength" },
      { name: "minClasses", label: "security.field.minClasses", hint: "security.hint.minClasses" },
      { name: "historyCount", label: "security.field.historyCount", hint: "security.hint.historyCount" },
      { name: "maxAgeDays", label: "security.field.maxAgeDays", hint: "security.hint.maxAgeDays" },
    ],
    checkbox: { name: "forbidUsername", label: "security.field.forbidUsername" },
  },
  {
    legend: "security.group.lockout",
    numbers: [
      { name: "maxFailures", label: "security.field.maxFailures", hint: "security.hint.maxFailures" },
      { name: "windowMinutes", label: "security.field.windowMinutes", hint: "security.hint.windowMinutes" },
    ],
  },
  {
    legend: "security.group.session",
    numbers: [
      { name: "idleMinutes", label: "security.field.idleMinutes", hint: "security.hint.idleMinutes" },
      { name: "absoluteMinutes", label: "security.field.absoluteMinutes", hint: "security.hint.absoluteMinutes" },
    ],
    checkbox: { name: "singleSession", label: "security.field.singleSession" },
  },
];

export default function SecurityAdmin() {
  const { t, locale } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failed?.values ?? loaded.values;
  const errors: FieldErrors = failed?.errors ?? {};
  return (
    <>
      <h1>{t("security.title")}</h1>
      <p className="lead">{t("security.lead")}</p>
      <Notice notices={NOTICES} />

      <section className="panel" aria-labelledby="lockouts-title">
        <h2 id="lockouts-title">{t("security.lockouts.title")}</h2>
        <DataTable
          rows={loaded.lockouts}
          rowKey={(r) => r.username}
          empty={t("security.lockouts.none")}
          columns={[
            { header: t("field.username"), cell: (r) => r.username },
            { header: t("security.lockouts.until"), cell: (r) => t("security.lockouts.minutes", { minutes: r.retryAfterMinutes }) },
            {
              header: t("common.actions"),
              cell: (r) => <InlineActionForm label={r.username} hidden={{ intent: "unlock", username: r.username }} submit={t("security.unlock")} small busy={busy} />,
            },
          ]}
        />
      </section>

      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">{t("security.settings.title")}</h2>
        {failed ? (
          <p className="alert" role="alert">
            {t("security.settings.failed")}
          </p>
        ) : null}
        <Form method="post" noValidate>
          {GROUPS.map((group) => (
            <fieldset key={group.legend} className="settings-group">
              <legend>{t(group.legend)}</legend>
              <div className="form-grid">
                {group.numbers.map((f) => (
                  <div className="field" key={f.name}>
                    <label htmlFor={f.name}>{t(f.label)}</label>
                    <input
                      id={f.name}
                      name={f.name}
                      inputMode="numeric"
                      maxLength={6}
                      defaultValue={values[f.name] ?? ""}
                      aria-invalid={errors[f.name] ? true : undefined}
                      aria-describedby={`${f.name}-hint${errors[f.name] ? ` ${f.name}-error` : ""}`}
                    />
                    <span id={`${f.name}-hint`} className="muted">
                      {t(f.hint)}
                    </span>
                    <FieldError id={`${f.name}-error`} error={errors[f.name]} />
                  </div>
                ))}
                {group.checkbox ? (
                  <div className="field field--checkbox form-grid__wide">
                    <label>
                      <input type="checkbox" name={group.checkbox.name} defaultChecked={values[group.checkbox.name] === "on"} /> {t(group.checkbox.label)}
                    </label>
                  </div>
                ) : null}
              </div>
            </fieldset>
          ))}
          <div className="field">
            <label htmlFor="extraBlocklist">{t("security.field.extraBlocklist")}</label>
            <textarea id="extraBlocklist" name="extraBlocklist" rows={4} maxLength={5000} defaultValue={values.extraBlocklist ?? ""} aria-describedby="extraBlocklist-hint" />
            <span id="extraBlocklist-hint" className="muted">
              {t("security.hint.extraBlocklist")}
            </span>
            <FieldError id="extraBlocklist-error" error={errors.extraBlocklist} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("common.save")}
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="admins-title">
        <h2 id="admins-title">{t("security.admins.title")}</h2>
        <p className="muted">{t("security.admins.lead")}</p>
        <DataTable
          rows={loaded.admins}
          columns={[
            { header: t("field.username"), cell: (u) => <Link to={`/accounts/${u.id}`}>{u.username}</Link> },
            { header: t("field.displayName"), cell: (u) => u.displayName },
            { header: t("field.role"), cell: (u) => t(`role.${u.role}`) },
            { header: t("admin.filter.status"), cell: (u) => t(u.disabled ? "admin.status.disabled" : "admin.status.active") },
            { header: t("field.lastLoginAt"), cell: (u) => formatDateTime(u.lastLoginAt, locale) },
          ]}
        />
      </section>
    </>
  );
}
