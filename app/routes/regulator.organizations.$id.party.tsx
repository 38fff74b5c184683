import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { PartyFacts } from "~/components/party-facts";
import { PartyFactsForm } from "~/components/party-facts-form";
import { VisitList } from "~/components/visit-list";
import { type FieldErrors, formFields, parseForm, parseIntent, readForm } from "~/forms/parse-form";
import { PARTY_FORM_INTENTS, PARTY_FORM_REPEATED } from "~/party/party-form";
import { useTranslation } from "~/i18n/use-translation";
import { instructorOptions } from "~/party/instructors.server";
import { handlePartyForm, type PartyFormActionData } from "~/party/party-actions.server";
import { assignInstructor, partyOfOrganization, unassignInstructor } from "~/party/party.server";
import { visitsOfOrganization } from "~/party/visits.server";

/** Party tab of the regulator's organization page (a child of regulator.organizations.$id). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const party = await partyOfOrganization(user, params.id!);
  const [instructors, visits] = await Promise.all([instructorOptions(), visitsOfOrganization(party.organization.id, { page: 1, pageSize: 10 })]);
  return { ...party, instructors, visits };
}

const assignSchema = z.object({ instructorId: z.string().regex(/^[0-9a-f]{24}$/i, "party.instructor.choose") });

type AssignActionData = { intent: "assign"; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const here = new URL(request.url).pathname;
  const formData = formFields(await readForm(request), { repeated: PARTY_FORM_REPEATED });
  const intent = parseIntent(formData, [...PARTY_FORM_INTENTS, "assign", "unassign"], "save");
  if (intent === "assign") {
    const form = parseForm(assignSchema, formData);
    if (!form.ok) return data<AssignActionData>({ intent: "assign", errors: form.errors, values: form.values }, { status: 400 });
    const result = await assignInstructor(user, params.id!, form.data.instructorId);
    if (!result.ok) return data<AssignActionData>({ intent: "assign", errors: { instructorId: result.error }, values: { instructorId: form.data.instructorId } }, { status: 400 });
    throw redirect(`${here}?notice=instructorAssigned`);
  }
  if (intent === "unassign") {
    await unassignInstructor(user, params.id!);
    throw redirect(`${here}?notice=instructorUnassigned`);
  }
  return handlePartyForm(user, params.id!, intent, formData, here);
}

const NOTICES = {
  partySaved: "party.notice.saved",
  instructorAssigned: "party.notice.instructorAssigned",
  instructorUnassigned: "party.notice.instructorUnassigned",
} as const;

export default function OrganizationPartyTab() {
  const { t } = useTranslation();
  const { party, instructor, warnings, instructors, visits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PartyFormActionData | AssignActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const partyFailure = actionData && actionData.intent !== "assign" ? actionData : undefined;
  const assignFailure = actionData?.intent === "assign" ? actionData : undefined;
  return (
    <div className="party-tab">
      <h2>{t("party.tab.heading")}</h2>
      <Notice notices={NOTICES} />
      <section className="panel" aria-labelledby="party-facts-heading">
        <h3 id="party-facts-heading">{t("party.facts")}</h3>
        <PartyFacts party={party} instructor={instructor} warnings={warnings} />
      </section>

      <section className="panel" aria-labelledby="party-instructor-heading">
        <h3 id="party-instructor-heading">{t("party.instructor.heading")}</h3>
        {instructor ? (
          <Form method="post" className="inline-actions">
            <p>
              {t("party.instructor.current")}
              <Link to={`/regulator/instructors/${instructor.id}`}>{instructor.name}</Link>（{instructor.agency}）
            </p>
            <button type="submit" name="intent" value="unassign" className="button button--secondary" disabled={busy}>
              {t("party.instructor.unassign")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("party.instructor.none")}</p>
        )}
        <Form method="post" noValidate className="search-row">
          <div className="field">
            <label htmlFor="party-instructorId">{instructor ? t("party.instructor.change") : t("party.instructor.choose")}</label>
            <select
              id="party-instructorId"
              name="instructorId"
              defaultValue={assignFailure?.values.instructorId ?? ""}
              aria-invalid={assignFailure?.errors.instructorId ? true : undefined}
              aria-describedby={assignFailure?.errors.instructorId ? "party-instructorId-error" : undefined}
            >
              <option value="">{t("party.instructor.placeholder")}</option>
              {instructors.map((i) => (
                <option key={i.id} value={i.id}>
                  {t("party.instructor.option", { name: i.name, agency: i.agency, count: i.organizationCount })}
                </option>
              ))}
            </select>
            <FieldError id="party-instructorId-error" error={assignFailure?.errors.instructorId} />
          </div>
          <button type="submit" name="intent" value="assign" className="button" disabled={busy}>
            {t("party.instructor.assign")}
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="party-edit-heading">
        <h3 id="party-edit-heading">{t("party.edit")}</h3>
        <PartyFactsForm party={party} failure={partyFailure} />
      </section>

      <section aria-labelledby="party-visits-heading">
        <h3 id="party-visits-heading">{t("visit.recent", { count: visits.total })}</h3>
        <VisitList visits={visits.items} />
      </section>
    </div>
  );
}
