import { Link, useLoaderData } from "@remix-run/react";
import { publicCompetitionList } from "~/competition/public/public.server";
import { formatDate, formatMoney } from "~/i18n/format";
import { workflowLabel } from "~/i18n/labels";
import { useTranslation } from "~/i18n/use-translation";

/** Every competition past its draft, newest first (public; from the in-process copy, ADR 009). */
export async function loader() {
  return { competitions: await publicCompetitionList() };
}

export default function PublicCompetitions() {
  const { t, locale } = useTranslation();
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("publicCompetitions.title")}</h1>
      <p className="lead">{t("publicCompetitions.lead")}</p>
      {competitions.length === 0 ? <p className="empty">{t("publicCompetitions.empty")}</p> : null}
      <ul className="card-list">
        {competitions.map((c) => (
          <li key={c.id} className="panel">
            <h2>
              <Link to={`/competitions/${c.id}`}>{c.title}</Link> <span className={`badge badge--${c.state}`}>{workflowLabel(t, "competition", "state", c.state)}</span>
            </h2>
            {c.theme ? <p>{c.theme}</p> : null}
            <p className="muted">
              {t("publicCompetitions.window", { from: formatDate(c.opensAt, locale), to: formatDate(c.closesAt, locale) })} · {t("publicCompetitions.call.totalBudget")}{" "}
              {formatMoney(c.totalBudgetFen, locale, "wanYuan")}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
