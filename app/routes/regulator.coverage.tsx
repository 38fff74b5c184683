import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { useOrganizationColumns } from "~/components/organization-columns";
import { useDistrictName } from "~/components/organization-facts";
import { Pagination } from "~/components/pagination";
import { ShareBars, useFormatShare } from "~/components/share-bars";
import { DISTRICT_CODES, ORGANIZATION_TYPES, type OrganizationType } from "~/domain/organization";
import { readPageParams } from "~/forms/page-params";
import { useTranslation } from "~/i18n/use-translation";
import { partyCoverage, uncoveredOrganizations } from "~/party/coverage.server";

const filterSchema = z.object({
  district: z.enum(DISTRICT_CODES).optional(),
  type: z.enum(ORGANIZATION_TYPES).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  const pageParams = readPageParams(url);
  const filter = filterSchema.safeParse({
    district: url.searchParams.get("district") || undefined,
    type: url.searchParams.get("type") || undefined,
  });
  if (!filter.success) throw new Response("Bad Request", { status: 400 });
  const [coverage, uncovered] = await Promise.all([partyCoverage(), uncoveredOrganizations(pageParams, filter.data)]);
  return { coverage, uncovered: { ...uncovered, ...pageParams }, filter: filter.data };
}

export default function CoveragePage() {
  const { t } = useTranslation();
  const districtName = useDistrictName();
  const formatShare = useFormatShare();
  const columns = useOrganizationColumns();
  const { coverage, uncovered, filter } = useLoaderData<typeof loader>();
  const typeName = (type: string) => t(`orgType.${type as OrganizationType}`);
  const { overall } = coverage;
  return (
    <>
      <h1>{t("coverage.title")}</h1>
      <p className="lead">{t("coverage.lead")}</p>
      <section className="stat-grid" aria-label={t("coverage.overall")}>
        <div className="stat">
          <span className="stat__value">{formatShare(overall.organizationCoverage)}</span>
          <span className="stat__label">{t("coverage.organization")}</span>
          <span className="stat__detail">{t("coverage.organization.detail", { part: overall.withParty, total: overall.total })}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{formatShare(overall.workCoverage)}</span>
          <span className="stat__label">{t("coverage.work")}</span>
          <span className="stat__detail">{t("coverage.work.detail", { part: overall.withPartyOrInstructor, total: overall.total })}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{overall.total - overall.withPartyOrInstructor}</span>
          <span className="stat__label">{t("coverage.uncovered.count")}</span>
        </div>
      </section>
      <p className="muted">{t("coverage.definition")}</p>
      <div className="two-columns">
        <ShareBars
          title={t("coverage.byDistrict")}
          rows={coverage.byDistrict.map((row) => ({ label: districtName(row.district), figure: row, href: `?district=${row.district}#uncovered` }))}
        />
        <ShareBars
          title={t("coverage.byType")}
          rows={coverage.byType.map((row) => ({ label: typeName(row.type), figure: row, href: `?type=${row.type}#uncovered` }))}
        />
      </div>

      <section aria-labelledby="uncovered" className="section-gap">
        <h2 id="uncovered">{t("coverage.uncovered.title")}</h2>
        <Form method="get" className="search-row">
          <div className="field">
            <label htmlFor="coverage-district">{t("field.district")}</label>
            <select id="coverage-district" name="district" defaultValue={filter.district ?? ""}>
              <option value="">{t("coverage.filter.all")}</option>
              {DISTRICT_CODES.map((code) => (
                <option key={code} value={code}>
                  {districtName(code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="coverage-type">{t("field.type")}</label>
            <select id="coverage-type" name="type" defaultValue={filter.type ?? ""}>
              <option value="">{t("coverage.filter.all")}</option>
              {ORGANIZATION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`orgType.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t("coverage.filter.apply")}
          </button>
        </Form>
        <DataTable
          rows={uncovered.items}
          empty={t("coverage.uncovered.empty")}
          columns={[
            { header: t("field.name"), cell: (o) => <Link to={`/regulator/organizations/${o.id}/party`}>{o.name}</Link> },
            { header: t("field.uscc"), cell: (o) => o.uscc },
            columns.district,
            columns.type,
            { header: t("party.field.memberCount"), cell: (o) => o.memberCount, className: "numeric", headerClassName: "numeric" },
          ]}
        />
        <Pagination page={uncovered.page} pageSize={uncovered.pageSize} total={uncovered.total} />
      </section>
    </>
  );
}
