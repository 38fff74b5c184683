import type { RenderedChart } from "~/charts/bar-chart.server";
import { SERIES_COLOURS } from "~/charts/series-colours";
import { useTranslation } from "~/i18n/use-translation";

/**
 * A chart drawn on the server (app/charts/bar-chart.server.ts): the SVG for the eye, hidden from
 * screen readers, and its numbers as a table for them. When categories link to the lists behind
 * them, the table shows too, as the chart's clickable key (plain anchors: pages with many links
 * take the clicks in one handler, ADR 011).
 */
export function BarChart({ chart }: { chart: RenderedChart }) {
  const { t } = useTranslation();
  const linked = chart.table.rows.some((row) => row.to);
  return (
    <figure className="chart">
      <figcaption>{chart.title}</figcaption>
      {chart.legend.length > 0 ? (
        <p className="chart__legend" aria-hidden="true">
          {chart.legend.map((name, i) => (
            <span key={name}>
              <span
                className="chart__swatch"
                style={{
                  background: SERIES_COLOURS[i % SERIES_COLOURS.length],
                }}
              />{" "}
              {name}
            </span>
          ))}
        </p>
      ) : null}
      {/* The SVG comes from ECharts on our own server, from numbers and our own labels (escaped by ECharts). */}
      <div
        className="chart__drawing chart__drawing--wide"
        aria-hidden="true"
        dangerouslySetInnerHTML={{ __html: chart.svg.wide }}
      />
      <div
        className="chart__drawing chart__drawing--narrow"
        aria-hidden="true"
        dangerouslySetInnerHTML={{ __html: chart.svg.narrow }}
      />
      {/* Visible (rows that link) it scrolls on its own in a narrow column; otherwise it is for
          screen readers only, inside a clipping box (a table ignores a 1 px width of its own). */}
      <div
        className={linked ? "chart__table-scroll" : "visually-hidden"}
        {...(linked
          ? {
              tabIndex: 0,
              role: "region",
              "aria-label": t("display.chartData", { title: chart.title }),
            }
          : {})}
      >
        <table className={linked ? "chart__table" : undefined}>
          <caption className="visually-hidden">
            {t("display.chartData", { title: chart.title })}
          </caption>
          <thead>
            <tr>
              {chart.table.headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.table.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">
                  {row.to ? (
                    <a href={row.to} data-discover="true">
                      {row.label}
                    </a>
                  ) : (
                    row.label
                  )}
                </th>
                {row.cells.map((cell, i) => (
                  <td key={i} className="numeric">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
