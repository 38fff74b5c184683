import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DISTRICTS } from "~/domain/organization";
import { useTranslation } from "~/i18n/use-translation";
import { registerOverview } from "~/register/overview.server";

export async function loader(_: LoaderFunctionArgs) {
  const overview = await registerOverview();
  return { directlyManaged: overview.directlyManaged, instructors: overview.instructors };
}

export default function PublicHome() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <Link className="button" to="/login">
          {t("home.signIn")}
        </Link>
      </section>
      <section className="stat-grid" aria-label={t("home.title")}>
        <div className="stat">
          <span className="stat__value">{data.directlyManaged}</span>
          <span className="stat__label">{t("home.stats.organizations")}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{data.instructors}</span>
          <span className="stat__label">{t("home.stats.instructors")}</span>
        </div>
        <div className="stat">
          <span className="stat__value">{DISTRICTS.length}</span>
          <span className="stat__label">{t("home.stats.districts")}</span>
        </div>
      </section>
      <div className="two-columns">
        <section className="panel">
          <h2>{t("home.gates.title")}</h2>
          <ul>
            <li>{t("home.gates.entry")}</li>
            <li>{t("home.gates.daily")}</li>
            <li>{t("home.gates.exit")}</li>
          </ul>
        </section>
        <section className="panel">
          <h2>{t("home.competition.title")}</h2>
          <p>{t("home.competition.text")}</p>
          <p>
            <Link to="/competitions">{t("publicCompetitions.viewAll")}</Link>
          </p>
        </section>
      </div>
    </>
  );
}
