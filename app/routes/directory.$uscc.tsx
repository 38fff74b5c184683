import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useDistrictName } from "~/components/organization-facts";
import { CreditBadges } from "~/components/credit-badges";
import { CreditRecord } from "~/components/credit-record";
import { StatusBadge } from "~/components/register-search";
import { DataTable } from "~/components/data-table";
import { ExitNote } from "~/components/exit-note";
import { activeListsOf, creditRecordOf } from "~/daily-gate/credit-lists.server";
import { inspectionResultsOf } from "~/daily-gate/inspection-results.server";
import { validateUscc } from "~/domain/uscc";
import { formatDate, formatMoney } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { getTranslator } from "~/i18n/locale.server";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";
import { publicEntryByUscc, toPublicDetail } from "~/register/register-index.server";
import { currentCertificateOf } from "~/documents/access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** One organization in the public directory, by its credit code. Applications are not public (404). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = validateUscc(params.uscc ?? "");
  const entry = code.ok ? await publicEntryByUscc(code.value) : null;
  if (!entry) throw new Response("Not Found", { status: 404 });
  const [t, lists, creditRecord, inspections, certificate] = await Promise.all([getTranslator(request), activeListsOf([entry.id]), creditRecordOf(entry.id), inspectionResultsOf(entry.id), currentCertificateOf(entry.id)]);
  return { title: `${entry.name} · ${t("directory.title")}`, organization: toPublicDetail(entry), creditLists: lists[entry.id] ?? [], creditRecord, inspections, certificate };
}

export default function DirectoryEntry() {
  const { t, locale } = useTranslation();
  const districtName = useDistrictName();
  const { organization: o, creditLists, creditRecord, inspections, certificate } = useLoaderData<typeof loader>();
  const rows: [MessageKey, string][] = [
    ["field.uscc", o.uscc],
    ["field.type", t(`orgType.${o.type}`)],
    ["field.district", districtName(o.district)],
    ["field.legalRepresentative", o.legalRepresentative],
    ["field.domicile", o.domicile],
    ["field.establishedAt", formatDate(o.registeredAt, locale)],
    ["field.registeredCapital", formatMoney(o.registeredCapitalFen, locale, "wanYuan")],
    ["field.sponsoringUnit", o.sponsoringUnit || t("common.none")],
    ["field.registrationAuthority", o.registrationAuthority],
    ["register.field.businessScope", o.businessScope || t("common.none")],
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/directory">{t("directory.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{o.name}</h1>
        <p className="page-head__status">
          <StatusBadge status={o.status} />
          <CreditBadges lists={creditLists} />
        </p>
      </div>
      <ExitNote status={o.status} exit={o.exit} />
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("directory.detail.facts")}</h2>
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {certificate ? (
          <p className="certificate-link">
            <Link to={`/verify/${certificate.verificationCode}`}>{t("documents.certificateLink")}</Link>
            <span className="muted"> · {t("documents.certificateLead", { number: certificate.number })}</span>
          </p>
        ) : null}
      </section>
      <CreditRecord rows={creditRecord} />
      <section className="panel" aria-labelledby="inspections-title">
        <h2 id="inspections-title">{t("disclosure.inspections.title")}</h2>
        <DataTable
          rows={inspections}
          rowKey={(i) => i.year}
          empty={t("disclosure.inspections.none")}
          columns={[
            { header: t("disclosure.inspections.year"), cell: (i) => i.year },
            { header: t("disclosure.inspections.result"), cell: (i) => workflowLabel(t, "annualReport", "state", i.result) },
            { header: t("disclosure.inspections.concludedAt"), cell: (i) => formatDate(i.concludedAt, locale) },
          ]}
        />
      </section>
    </>
  );
}
