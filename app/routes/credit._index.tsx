import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CreditTable } from "~/components/credit-table";
import { Pagination } from "~/components/pagination";
import { creditList } from "~/daily-gate/credit-lists.server";
import { listQuerySchema } from "~/daily-gate/credit-forms";
import { readPageParams } from "~/forms/page-params";
import { useTranslation } from "~/i18n/use-translation";

/** Public credit information: the abnormal-activity list and the serious list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = listQuerySchema.safeParse({ list: url.searchParams.get("list") ?? "abnormal" });
  if (!query.success) throw new Response("Bad Request", { status: 400 });
  const pageParams = readPageParams(url);
  return { list: query.data.list, ...(await creditList(query.data.list, pageParams)), ...pageParams };
}

export default function PublicCredit() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("dailyGate.credit.publicTitle")}</h1>
      <p className="lead">{t("dailyGate.credit.publicLead")}</p>
      <nav className="tabs" aria-label={t("dailyGate.credit.publicTitle")}>
        {(["abnormal", "serious"] as const).map((list) => (
          <Link key={list} to={`/credit?list=${list}`} aria-current={page.list === list ? "page" : undefined} className="tab">
            {t(`dailyGate.list.${list}`)}
          </Link>
        ))}
      </nav>
      <CreditTable items={page.items} />
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} />
      <p className="muted">
        {t("dailyGate.credit.api")} <code>/api/v1/credit-lists?list={page.list}</code>
      </p>
    </>
  );
}
