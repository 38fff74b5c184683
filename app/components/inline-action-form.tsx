/**
 * A one-line action inside a table row: the ids it acts on as hidden fields, the few inputs it
 * needs, one button. The row's context goes in `label`, so a screen reader hears which row's
 * action it is.
 */
import { Form } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";

export function InlineActionForm({
  label,
  hidden,
  submit,
  busy,
  small,
  primary,
  children,
}: {
  label?: string;
  hidden: Record<string, string | number>;
  submit: string;
  busy?: boolean;
  small?: boolean;
  /** The row's main action; the others are secondary buttons. */
  primary?: boolean;
  children?: ReactNode;
}) {
  return (
    <Form method="post" className="inline-form" aria-label={label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" className={`button${primary ? "" : " button--secondary"}${small ? " button--small" : ""}`} disabled={busy}>
        {submit}
      </button>
    </Form>
  );
}

/** An input in a row, too narrow for a visible label: the label is read out, the placeholder shown. */
export function CompactInput({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      <span className="visually-hidden">{label}</span>
      <input {...input} />
    </label>
  );
}
