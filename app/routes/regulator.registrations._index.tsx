import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { RegistrationTable } from "~/components/registration-table";
import { readPageParams } from "~/forms/page-params";
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
  const { t } = useTranslation();
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
                {t(`registration.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("common.search")}
        </button>
      </Form>
      <RegistrationTable items={data.items} now={data.now} empty={t("registration.queue.empty")} withDistrict />
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </>
  );
}
