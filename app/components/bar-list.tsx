import type { CSSProperties } from "react";

/**
 * A readable-at-a-glance horizontal bar chart made of plain HTML (no canvas, screen-reader
 * friendly). A row with `to` (an absolute path) links its label to the list behind the number.
 * Light to render on every view of a dashboard (ADR 011): no hooks; the links are plain anchors,
 * which navigate in the app through the page's one `useLinkClicks` handler on an element around
 * the charts (a full load without one), and the bar is the value's `::before` (its width in
 * `--bar`) rather than an element of its own.
 */
export function BarList({ title, rows }: { title: string; rows: { label: string; value: number; to?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="bar-list">
      <figcaption>{title}</figcaption>
      <dl>
        {rows.map((row) => (
          <div key={row.label} className="bar-list__row">
            <dt>
              {row.to ? (
                <a href={row.to} data-discover="true">
                  {row.label}
                </a>
              ) : (
                row.label
              )}
            </dt>
            <dd className="bar-list__value" style={{ "--bar": `${(row.value / max) * 100}%` } as CSSProperties}>
              {row.value}
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
