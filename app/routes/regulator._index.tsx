import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { BarList } from "~/components/bar-list";
import { useDistrictName } from "~/components/organization-facts";
import { useTranslation } from "~/i18n/use-translation";
import { registerOverview } from "~/register/overview.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  return registerOverview();
}

export default function RegulatorHome() {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const overview = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("workspace.regulator.title")}</h1>
      <p className="lead">{t("workspace.regulator.lead")}</p>
      <section className="stat-grid">
        <div className="stat">
          <span className="stat__value">{overview.directlyManaged}</span>
          <span className="stat__label">{t("home.stats.organizations")}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{overview.instructors}</span>
          <span className="stat__label">{t("home.stats.instructors")}</span>
        </div>
      </section>
      <div className="two-columns">
        <BarList title={t("workspace.byType")} rows={overview.byType.map((r) => ({ label: t(`orgType.${r.type}`), value: r.count }))} />
        <BarList
          title={t("workspace.byDistrict")}
          rows={overview.byDistrict.map((r) => ({ label: districtName(r.district), value: r.count }))}
        />
      </div>
    </>
  );
}
