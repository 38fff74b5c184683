/**
 * A GET search form whose filters live in the address, and its selects. The form is keyed by
 * the address, so its fields show the filter that a link, a chart or back/forward chose, not the
 * values they started with.
 */
import { Form, useLocation, type FormProps } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";

export function FilterForm(props: Omit<FormProps, "method">) {
  const { search } = useLocation();
  return <Form key={search} method="get" {...props} />;
}

/** A filter: "all" (unless `all` is false) or one value, selected as the address says. */
export function FilterSelect({ name, label, value, options, all = true }: { name: string; label: string; value?: string; options: [string, string][]; all?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""}>
        {all ? <option value="">{t("register.filter.all")}</option> : null}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
