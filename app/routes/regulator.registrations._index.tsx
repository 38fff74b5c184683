import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { useDistrictName } from "~/components/organization-facts";
import { Pagination } from "~/components/pagination";
import { DueClock } from "~/components/workflow/due-clock";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { CLOSED_STATES, OPEN_STATES, queueFilterSchema } from "~/registration/registration-intents";
import { reviewQueue } from "~/registration/registration.server";

const FILTER_STATES = [...OPEN_STATES, ...CLOSED_STATES];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  const pageParams = readPageParams(url);
  const filter = queueFilterSchema.safeParse({ state: url.searchParams.get("state") ?? "" });
  if (!filter.success) throw new Response("Bad Request", { status: 400 });
  return { ...(await reviewQueue(filter.data.state, pageParams)), ...pageParams, state: filter.data.state, now: new Date().toISOString() };
}

export default function RegistrationQueue() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("registration.queue.title")}</h1>
      <p className="lead">{t("registration.queue.lead")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="state">{t("registration.queue.filterState")}</label>
          <select id="state" name="state" defaultValue={data.state}>
            <option value="">{t("registration.queue.all")}</option>
            {FILTER_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`registration.state.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
      </Form>
      {data.items.length === 0 ? (
        <p className="empty">{t("registration.queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("registration.field.proposedName")}</th>
                <th scope="col">{t("registration.field.orgType")}</th>
                <th scope="col">{t("registration.field.district")}</th>
                <th scope="col">{t("registration.field.state")}</th>
                <th scope="col">{t("registration.field.dueAt")}</th>
                <th scope="col">{t("registration.field.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/registrations/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{t(`orgType.${item.orgType}` as MessageKey)}</td>
                  <td>{item.district ? districtName(item.district) : ""}</td>
                  <td>{t(`registration.state.${item.state}` as MessageKey)}</td>
                  <td>
                    <DueClock dueAt={item.dueAt} now={data.now} />
                  </td>
                  <td>{formatDateTime(item.submittedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
