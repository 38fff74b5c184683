import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CreditTable } from "~/components/credit-table";
import { FieldError } from "~/components/field";
import { InlineActionForm } from "~/components/inline-action-form";
import { Pagination } from "~/components/pagination";
import { MANUAL_GROUNDS, listOfGround } from "~/domain/credit";
import { creditList, recordListing, removeListing } from "~/daily-gate/credit-lists.server";
import { listQuerySchema, recordListingSchema, removeListingSchema } from "~/daily-gate/credit-forms";
import { readPageParams } from "~/forms/page-params";
import { type FieldErrors, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  const query = listQuerySchema.safeParse({ list: url.searchParams.get("list") ?? "abnormal" });
  if (!query.success) throw new Response("Bad Request", { status: 400 });
  const pageParams = readPageParams(url);
  return { list: query.data.list, ...(await creditList(query.data.list, pageParams)), ...pageParams };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const formData = await readForm(request);
  if (parseIntent(formData, ["remove", "record"], "record") === "remove") {
    const form = parseForm(removeListingSchema, formData);
    if (!form.ok) return data({ kind: "remove" as const, id: form.values.listingId ?? "", ...form }, { status: 400 });
    const result = await removeListing(user, form.data.listingId, form.data.note);
    if (!result.ok) {
      return data({ kind: "remove" as const, id: form.data.listingId, ok: false as const, errors: { note: result.error }, params: result.params, values: form.data }, { status: 409 });
    }
    return redirect("/regulator/credit-lists?notice=removed");
  }
  const form = parseForm(recordListingSchema, formData);
  if (!form.ok) return data({ kind: "record" as const, id: "", ...form }, { status: 400 });
  const result = await recordListing(user, form.data);
  if (!result.ok) return data({ kind: "record" as const, id: "", ok: false as const, errors: { [result.field]: result.error }, values: form.data }, { status: 400 });
  const list = listOfGround(form.data.reason);
  return redirect(`/regulator/credit-lists?list=${list}&notice=${list === "serious" ? "recordedSerious" : "recorded"}`);
}

export default function RegulatorCreditLists() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const notice = search.get("notice");
  const record = failed?.kind === "record" && !failed.ok ? { values: failed.values as Record<string, string>, errors: failed.errors as FieldErrors } : null;
  return (
    <>
      <h1>{t("dailyGate.credit.title")}</h1>
      <p className="lead">{t("dailyGate.credit.lead")}</p>
      {notice && !failed ? (
        <p className="notice" role="status">
          {t(notice === "removed" ? "dailyGate.credit.removed" : notice === "recordedSerious" ? "dailyGate.credit.recordedSerious" : "dailyGate.credit.recorded")}
        </p>
      ) : null}
      <nav className="tabs" aria-label={t("dailyGate.credit.title")}>
        {(["abnormal", "serious"] as const).map((list) => (
          <Link key={list} to={`?list=${list}`} aria-current={page.list === list ? "page" : undefined} className="tab">
            {t(`dailyGate.list.${list}`)}
          </Link>
        ))}
      </nav>
      <CreditTable
        items={page.items}
        actions={(row) => {
          const mine = failed?.kind === "remove" && failed.id === row.id && !failed.ok ? { values: failed.values as Record<string, string>, errors: failed.errors as FieldErrors } : null;
          return (
            <InlineActionForm hidden={{ intent: "remove", listingId: row.id }} submit={t("dailyGate.credit.remove")}>
              <label htmlFor={`note-${row.id}`}>{t("dailyGate.field.verification")}</label>
              <input id={`note-${row.id}`} name="note" defaultValue={mine?.values.note ?? ""} />
              <FieldError id={`note-${row.id}-error`} error={mine?.errors.note} params={failed && "params" in failed ? failed.params : undefined} />
            </InlineActionForm>
          );
        }}
      />
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
      <section className="panel" aria-labelledby="record-title">
        <h2 id="record-title">{t("dailyGate.credit.record")}</h2>
        <Form method="post" noValidate className="form-grid">
          <input type="hidden" name="intent" value="record" />
          <div className="field">
            <label htmlFor="uscc">{t("dailyGate.field.uscc")}</label>
            <input id="uscc" name="uscc" defaultValue={record?.values.uscc ?? ""} />
            <FieldError id="uscc-error" error={record?.errors.uscc} />
          </div>
          <div className="field">
            <label htmlFor="reason">{t("dailyGate.field.reason")}</label>
            <select id="reason" name="reason" defaultValue={record?.values.reason ?? ""}>
              <option value="">—</option>
              {(["abnormal", "serious"] as const).map((list) => (
                <optgroup key={list} label={t(`dailyGate.list.${list}`)}>
                  {MANUAL_GROUNDS[list].map((reason) => (
                    <option key={reason} value={reason}>
                      {t(`dailyGate.reason.${reason}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <FieldError id="reason-error" error={record?.errors.reason} />
          </div>
          <div className="field field--wide">
            <label htmlFor="detail">{t("dailyGate.field.detail")}</label>
            <textarea id="detail" name="detail" rows={2} defaultValue={record?.values.detail ?? ""} />
            <FieldError id="detail-error" error={record?.errors.detail} />
          </div>
          <p className="muted field--wide" id="letters-hint">
            {t("dailyGate.field.lettersHint")}
          </p>
          <div className="field">
            <label htmlFor="firstLetterOn">{t("dailyGate.field.firstLetterOn")}</label>
            <input id="firstLetterOn" name="firstLetterOn" type="date" aria-describedby="letters-hint" defaultValue={record?.values.firstLetterOn ?? ""} />
            <FieldError id="firstLetterOn-error" error={record?.errors.firstLetterOn} />
          </div>
          <div className="field">
            <label htmlFor="secondLetterOn">{t("dailyGate.field.secondLetterOn")}</label>
            <input id="secondLetterOn" name="secondLetterOn" type="date" aria-describedby="letters-hint" defaultValue={record?.values.secondLetterOn ?? ""} />
            <FieldError id="secondLetterOn-error" error={record?.errors.secondLetterOn} />
          </div>
          <div className="field--wide">
            <button type="submit" className="button">
              {t("dailyGate.credit.recordButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
