import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { useDistrictName } from "~/components/organization-facts";
import { Pagination } from "~/components/pagination";
import { PartyFacts } from "~/components/party-facts";
import { PartyFactsForm } from "~/components/party-facts-form";
import { VisitList } from "~/components/visit-list";
import { endOfShanghaiDay, toCalendarDateString } from "~/domain/calendar-date";
import { VISIT_MODES } from "~/domain/party-building";
import { readPageParams } from "~/forms/page-params";
import { type FieldErrors, formFields, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import { useTranslation } from "~/i18n/use-translation";
import { calendarDateField, PARTY_FORM_INTENTS, PARTY_FORM_REPEATED } from "~/party/party-form";
import { handlePartyForm, type PartyFormActionData } from "~/party/party-actions.server";
import { partyOfOrganization } from "~/party/party.server";
import { logGuidanceVisit, visitsOfOrganization } from "~/party/visits.server";

/** An instructor's view of one assigned organization (404 for any other): facts, visits, forms. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "instructor");
  const party = await partyOfOrganization(user, params.id!);
  const pageParams = readPageParams(new URL(request.url), { pageSize: 10 });
  const visits = { ...(await visitsOfOrganization(party.organization.id, pageParams)), ...pageParams };
  // A fresh key per rendered form: submitting the same form twice logs one visit.
  return { ...party, visits, visitKey: crypto.randomUUID(), today: toCalendarDateString(new Date()) };
}

const visitSchema = z.object({
  date: calendarDateField({ required: true }).refine((date) => !date || date.getTime() <= endOfShanghaiDay(new Date()).getTime(), "visit.error.future"),
  mode: z.enum(VISIT_MODES, { message: "visit.error.mode" }),
  topics: z.string().trim().min(1, "validation.required").max(500, "visit.error.topicsTooLong"),
  problemsFound: z.string().trim().max(1000, "visit.error.textTooLong"),
  followUp: z.string().trim().max(1000, "visit.error.textTooLong"),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "validation.invalid"),
});

type VisitActionData = { intent: "logVisit"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "instructor");
  const here = new URL(request.url).pathname;
  const form = formFields(await readForm(request), { repeated: PARTY_FORM_REPEATED });
  const intent = parseIntent(form, [...PARTY_FORM_INTENTS, "logVisit"], "save");
  if (intent !== "logVisit") return handlePartyForm(user, params.id!, intent, form, here);
  const visit = parseForm(visitSchema, form);
  if (!visit.ok) return data<VisitActionData>({ intent: "logVisit", errors: visit.errors, values: visit.values }, { status: 400 });
  await logGuidanceVisit(user, params.id!, { ...visit.data, date: visit.data.date! });
  throw redirect(`${here}?notice=visitLogged`);
}

const NOTICES = { partySaved: "party.notice.saved", visitLogged: "visit.notice.logged" } as const;

export default function InstructorOrganization() {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const { organization, party, instructor, warnings, visits, visitKey, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PartyFormActionData | VisitActionData | undefined;
  const visitFailure = actionData?.intent === "logVisit" ? actionData : undefined;
  const partyFailure = actionData && actionData.intent !== "logVisit" ? actionData : undefined;
  const busy = useNavigation().state === "submitting";
  const values = visitFailure?.values ?? { date: today, mode: "onSite", topics: "", problemsFound: "", followUp: "", idempotencyKey: visitKey };
  const errors = visitFailure?.errors ?? {};
  const describe = (field: string) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `visit-${field}-error` } : {});
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/instructor">{t("workspace.instructor.title")}</Link>
      </p>
      <h1>{organization.name}</h1>
      <p className="lead">
        {organization.uscc} · {t(`orgType.${organization.type}`)} · {districtName(organization.district)}
      </p>
      <Notice notices={NOTICES} />
      <section className="panel" aria-labelledby="party-facts-heading">
        <h2 id="party-facts-heading">{t("party.facts")}</h2>
        <PartyFacts party={party} instructor={instructor} warnings={warnings} />
      </section>

      <section className="panel" aria-labelledby="visit-form-heading">
        <h2 id="visit-form-heading">{t("visit.log")}</h2>
        <Form method="post" noValidate key={visitFailure ? "failure" : values.idempotencyKey}>
          <input type="hidden" name="intent" value="logVisit" />
          <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
          {errors.idempotencyKey ? (
            <p className="alert" role="alert">
              {t(errors.idempotencyKey)}
            </p>
          ) : null}
          <div className="party-grid">
            <div className="field">
              <label htmlFor="visit-date">{t("visit.field.date")}</label>
              <input id="visit-date" name="date" type="date" max={today} required defaultValue={values.date} {...describe("date")} />
              <FieldError id="visit-date-error" error={errors.date} />
            </div>
            <fieldset className="field radio-group" {...describe("mode")}>
              <legend>{t("visit.field.mode")}</legend>
              {VISIT_MODES.map((mode) => (
                <label key={mode}>
                  <input type="radio" name="mode" value={mode} defaultChecked={values.mode === mode} /> {t(`visit.mode.${mode}`)}
                </label>
              ))}
              <FieldError id="visit-mode-error" error={errors.mode} />
            </fieldset>
          </div>
          <div className="field">
            <label htmlFor="visit-topics">{t("visit.field.topics")}</label>
            <textarea id="visit-topics" name="topics" rows={2} maxLength={500} required defaultValue={values.topics} {...describe("topics")} />
            <FieldError id="visit-topics-error" error={errors.topics} />
          </div>
          <div className="field">
            <label htmlFor="visit-problemsFound">{t("visit.field.problemsFound")}</label>
            <textarea id="visit-problemsFound" name="problemsFound" rows={2} maxLength={1000} defaultValue={values.problemsFound} {...describe("problemsFound")} />
            <FieldError id="visit-problemsFound-error" error={errors.problemsFound} />
          </div>
          <div className="field">
            <label htmlFor="visit-followUp">{t("visit.field.followUp")}</label>
            <textarea id="visit-followUp" name="followUp" rows={2} maxLength={1000} defaultValue={values.followUp} {...describe("followUp")} />
            <FieldError id="visit-followUp-error" error={errors.followUp} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("visit.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">{t("visit.history")}</h2>
        <VisitList visits={visits.items} />
        <Pagination page={visits.page} pageSize={visits.pageSize} total={visits.total} />
      </section>

      <section className="panel" aria-labelledby="party-edit-heading">
        <h2 id="party-edit-heading">{t("party.edit")}</h2>
        <PartyFactsForm party={party} failure={partyFailure} />
      </section>
    </>
  );
}
