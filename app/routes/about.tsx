import { useTranslation } from "~/i18n/use-translation";

/** A static page about the platform (also the "trivial page" baseline of the benchmarks). */
export default function About() {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
    </section>
  );
}
