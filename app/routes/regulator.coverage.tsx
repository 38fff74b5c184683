import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/guards.server";
import { DataTable } from "~/components/data-table";
import { useOrganizationColumns } from "~/components/organization-columns";
import { useDistrictName } from "~/components/organization-facts";
import { districtName } from "~/domain/organization";
import { Pagination } from "~/components/pagination";
import { barChart } from "~/charts/bar-chart.server";
import { BarChart } from "~/components/bar-chart";
import { DISTRICT_CODES, ORGANIZATION_TYPES, type OrganizationType } from "~/domain/organization";
import type { CoverageFigure } from "~/domain/party-building";
import { readPageParams } from "~/forms/page-params";
import { formatShare } from "~/i18n/format";
import { translator, type Locale } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
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
  const [coverage, uncovered, locale] = await Promise.all([partyCoverage(), uncoveredOrganizations(pageParams, filter.data), getLocale(request)]);
  const t = translator(locale);
  const charts = {
    byDistrict: coverageChart(t("coverage.byDistrict"), t("field.district"), locale, coverage.byDistrict.map((row) => ({ label: districtName(row.district, locale), to: `?district=${row.district}#uncovered`, figure: row }))),
    byType: coverageChart(t("coverage.byType"), t("field.type"), locale, coverage.byType.map((row) => ({ label: t(`orgType.${row.type as OrganizationType}`), to: `?type=${row.type}#uncovered`, figure: row }))),
  };
  return { coverage, charts, uncovered: { ...uncovered, ...pageParams }, filter: filter.data };
}

/** Organization coverage over work coverage per group, on a 0–100 % scale, each share with its count. */
function coverageChart(title: string, header: string, locale: Locale, rows: { label: string; to: string; figure: CoverageFigure }[]) {
  const t = translator(locale);
  const share = (value: number, part: number, total: number) => `${formatShare(value, locale)}（${part}/${total}）`;
  return barChart({
    title,
    categoryHeader: header,
    categories: rows,
    max: 1,
    series: [
      { name: t("coverage.organization"), values: rows.map((r) => r.figure.organizationCoverage), labels: rows.map((r) => share(r.figure.organizationCoverage, r.figure.withParty, r.figure.total)) },
      { name: t("coverage.work"), values: rows.map((r) => r.figure.workCoverage), labels: rows.map((r) => share(r.figure.workCoverage, r.figure.withPartyOrInstructor, r.figure.total)) },
    ],
  });
}

export default function CoveragePage() {
  const { t, locale } = useTranslation();
  const nameOfDistrict = useDistrictName();
  const columns = useOrganizationColumns();
  const { coverage, charts, uncovered, filter } = useLoaderData<typeof loader>();
  const { overall } = coverage;
  const percent = (share: number) => formatShare(share, locale);
  return (
    <>
      <h1>{t("coverage.title")}</h1>
      <p className="lead">{t("coverage.lead")}</p>
      <section className="stat-grid" aria-label={t("coverage.overall")}>
        <div className="stat">
          <span className="stat__value">{percent(overall.organizationCoverage)}</span>
          <span className="stat__label">{t("coverage.organization")}</span>
          <span className="stat__detail">{t("coverage.organization.detail", { part: overall.withParty, total: overall.total })}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{percent(overall.workCoverage)}</span>
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
        <BarChart chart={charts.byDistrict} />
        <BarChart chart={charts.byType} />
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
                  {nameOfDistrict(code)}
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
