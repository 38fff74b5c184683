import { Link } from "@remix-run/react";
import type { CoverageFigure } from "~/domain/party-building";
import { useTranslation } from "~/i18n/use-translation";

export function useFormatShare() {
  const { locale } = useTranslation();
  const format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return (share: number) => format.format(share);
}

/**
 * Coverage per group as paired bars on a 0–100 % scale (organization coverage over work
 * coverage), plain HTML: each bar's figure is written beside it, so it reads without colour.
 */
export function ShareBars({ title, rows }: { title: string; rows: { label: string; figure: CoverageFigure; href?: string }[] }) {
  const { t } = useTranslation();
  const formatShare = useFormatShare();
  const bar = (kind: "organization" | "work", share: number, part: number, total: number) => (
    <div className={`share-bars__bar share-bars__bar--${kind}`}>
      <span className="share-bars__track" aria-hidden="true">
        <span className="share-bars__fill" style={{ width: `${Math.round(share * 1000) / 10}%` }} />
      </span>
      <span className="share-bars__value">
        {t(kind === "organization" ? "coverage.organization" : "coverage.work")} {formatShare(share)}
        <span className="muted"> （{part}/{total}）</span>
      </span>
    </div>
  );
  return (
    <figure className="share-bars">
      <figcaption>{title}</figcaption>
      <p className="share-bars__legend" aria-hidden="true">
        <span className="share-bars__swatch share-bars__swatch--organization" /> {t("coverage.organization")}
        <span className="share-bars__swatch share-bars__swatch--work" /> {t("coverage.work")}
      </p>
      <dl>
        {rows.map((row) => (
          <div key={row.label} className="share-bars__row">
            <dt>{row.href ? <Link to={row.href}>{row.label}</Link> : row.label}</dt>
            <dd>
              {bar("organization", row.figure.organizationCoverage, row.figure.withParty, row.figure.total)}
              {bar("work", row.figure.workCoverage, row.figure.withPartyOrInstructor, row.figure.total)}
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
