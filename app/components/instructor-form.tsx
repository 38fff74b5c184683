import { Form, useNavigation } from "@remix-run/react";
import type { FieldErrors } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { FieldError } from "./field";

const FIELDS: { name: "name" | "agency" | "phone"; label: MessageKey; maxLength: number; autoComplete: string; type: string }[] = [
  { name: "name", label: "instructor.field.name", maxLength: 32, autoComplete: "name", type: "text" },
  { name: "agency", label: "instructor.field.agency", maxLength: 100, autoComplete: "organization", type: "text" },
  { name: "phone", label: "instructor.field.phone", maxLength: 32, autoComplete: "tel", type: "tel" },
];

/** Create/edit form for an instructor; shows what was typed and each field's message. */
export function InstructorForm({ values, errors, submitLabel }: { values: Record<string, string>; errors: FieldErrors; submitLabel: MessageKey }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" noValidate className="panel narrow-form">
      {FIELDS.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={`instructor-${field.name}`}>{t(field.label)}</label>
          <input
            id={`instructor-${field.name}`}
            name={field.name}
            type={field.type}
            required
            maxLength={field.maxLength}
            autoComplete={field.autoComplete}
            defaultValue={values[field.name] ?? ""}
            aria-invalid={errors[field.name] ? true : undefined}
            aria-describedby={errors[field.name] ? `instructor-${field.name}-error` : undefined}
          />
          <FieldError id={`instructor-${field.name}-error`} error={errors[field.name]} />
        </div>
      ))}
      <button type="submit" className="button" disabled={busy}>
        {t(submitLabel)}
      </button>
    </Form>
  );
}
