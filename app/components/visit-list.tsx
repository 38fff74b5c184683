import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import type { GuidanceVisitView } from "~/party/visits.server";

/** Guidance visits, newest first; `organizationName` adds a column (instructor's overview). */
export function VisitList({ visits }: { visits: (GuidanceVisitView & { organizationName?: string })[] }) {
  const { t, locale } = useTranslation();
  if (visits.length === 0) return <p className="empty">{t("visit.empty")}</p>;
  const withOrganization = visits.some((v) => v.organizationName !== undefined);
  return (
    <div className="table-wrap">
      <table className="visit-table">
        <thead>
          <tr>
            <th scope="col">{t("visit.field.date")}</th>
            {withOrganization ? <th scope="col">{t("field.name")}</th> : null}
            <th scope="col">{t("visit.field.mode")}</th>
            <th scope="col">{t("visit.field.topics")}</th>
            <th scope="col">{t("visit.field.problemsFound")}</th>
            <th scope="col">{t("visit.field.followUp")}</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr key={v.id}>
              <td className="nowrap">{formatDate(v.date, locale)}</td>
              {withOrganization ? <td>{v.organizationName}</td> : null}
              <td className="nowrap">{t(`visit.mode.${v.mode}`)}</td>
              <td>{v.topics}</td>
              <td>{v.problemsFound || t("common.none")}</td>
              <td>{v.followUp || t("common.none")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
