import type { FieldErrors } from "~/forms/parse-form";
import { useTranslation } from "~/i18n/use-translation";
import type { BusinessRole } from "~/domain/roles";
import { FieldError } from "./field";

/**
 * A business role, and what it needs: an organization user acts for one organization (by its
 * credit code), an instructor account is one instructor. The server checks which one applies.
 */
export function AccountBindingFields({
  roles,
  instructors,
  values,
  errors,
}: {
  roles: readonly BusinessRole[];
  instructors: { id: string; label: string }[];
  values: Record<string, string | undefined>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <>
      <div className="field">
        <label htmlFor="role">{t("field.role")}</label>
        <select id="role" name="role" defaultValue={values.role ?? ""} {...invalid("role")}>
          <option value="">—</option>
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        <FieldError id="role-error" error={errors.role} />
      </div>
      <div className="field">
        <label htmlFor="uscc">{t("admin.field.uscc")}</label>
        <input id="uscc" name="uscc" maxLength={18} autoComplete="off" defaultValue={values.uscc ?? ""} aria-describedby={["uscc-hint", errors.uscc ? "uscc-error" : ""].filter(Boolean).join(" ")} aria-invalid={errors.uscc ? true : undefined} />
        <span id="uscc-hint" className="muted">
          {t("admin.field.usccHint")}
        </span>
        <FieldError id="uscc-error" error={errors.uscc} />
      </div>
      <div className="field">
        <label htmlFor="partyInstructorId">{t("admin.field.instructor")}</label>
        <select id="partyInstructorId" name="partyInstructorId" defaultValue={values.partyInstructorId ?? ""} aria-describedby={["instructor-hint", errors.partyInstructorId ? "partyInstructorId-error" : ""].filter(Boolean).join(" ")} aria-invalid={errors.partyInstructorId ? true : undefined}>
          <option value="">—</option>
          {instructors.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </select>
        <span id="instructor-hint" className="muted">
          {t("admin.field.instructorHint")}
        </span>
        <FieldError id="partyInstructorId-error" error={errors.partyInstructorId} />
      </div>
    </>
  );
}
