import { Link } from "@remix-run/react";

/**
 * A readable-at-a-glance horizontal bar chart made of plain HTML (no canvas, screen-reader
 * friendly). A row with `to` links its label to the list behind the number.
 */
export function BarList({ title, rows }: { title: string; rows: { label: string; value: number; to?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="bar-list">
      <figcaption>{title}</figcaption>
      <dl>
        {rows.map((row) => (
          <div key={row.label} className="bar-list__row">
            <dt>{row.to ? <Link to={row.to}>{row.label}</Link> : row.label}</dt>
            <dd>
              <span className="bar-list__bar" style={{ width: `${(row.value / max) * 100}%` }} aria-hidden="true" />
              <span className="bar-list__value">{row.value}</span>
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
