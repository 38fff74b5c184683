import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { ExitNote } from "~/components/exit-note";
import { CreditBadges } from "~/components/credit-badges";
import { CreditRecord } from "~/components/credit-record";
import { StatusBadge } from "~/components/register-search";
import { activeListsOf, creditRecordOf } from "~/daily-gate/credit-lists.server";
import { getTranslator } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { organizationRecord } from "~/register/organization-facts.server";
import { ORGANIZATION_TABS } from "~/register/organization-tabs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** The regulator's organization page: name, status and the tab list; each tab is a nested route. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const [record, t] = await Promise.all([organizationRecord(user, params.id), getTranslator(request)]);
  const [lists, creditRecord] = await Promise.all([activeListsOf([record.id]), creditRecordOf(record.id)]);
  return {
    title: `${record.facts.name} · ${t("app.shortName")}`,
    organization: { id: record.id, uscc: record.uscc, name: record.facts.name, status: record.status, exit: record.exit, type: record.type, creditLists: lists[record.id] ?? [] },
    creditRecord,
  };
}

export default function OrganizationLayout() {
  const { t } = useTranslation();
  const { organization, creditRecord } = useLoaderData<typeof loader>();
  const base = `/regulator/organizations/${organization.id}`;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/regulator/organizations">{t("register.backToList")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{organization.name}</h1>
          <p className="muted mono">
            {t("field.uscc")}：{organization.uscc} · {t(`orgType.${organization.type}`)}
          </p>
        </div>
        <p className="page-head__status">
          <StatusBadge status={organization.status} />
          <CreditBadges lists={organization.creditLists} />
          <ExitNote status={organization.status} exit={organization.exit} />
        </p>
      </div>
      <CreditRecord rows={creditRecord} showEmpty={false} />
      <nav className="tabs" aria-label={t("register.tabs")}>
        <ul>
          {ORGANIZATION_TABS.map((tab) => (
            <li key={tab.path}>
              <NavLink to={tab.path ? `${base}/${tab.path}` : base} end={!tab.path} prefetch="none">
                {t(tab.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
