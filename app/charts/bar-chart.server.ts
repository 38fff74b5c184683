/**
 * Horizontal bar charts drawn by Apache ECharts on the server, as SVG (ADR 017): no script in the
 * browser, the same picture with JavaScript off, and every number also in a table for screen
 * readers (the chart itself is hidden from them). Loaders call `barChart`; pages show the result
 * with `<BarChart>` (app/components/bar-chart.tsx). The echarts package never reaches the
 * browser bundle because only this server module imports it.
 */
import { BarChart as BarSeries } from "echarts/charts";
import { GridComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { SERIES_COLOURS } from "./series-colours";

echarts.use([BarSeries, GridComponent, SVGRenderer]);

export interface ChartSeries {
  name: string;
  /** The bar lengths (any unit; the axis starts at 0). */
  values: number[];
  /** What each value reads as, e.g. "32.25 万元" or "85.7%（30/35）": beside the bar and in the table. */
  labels: string[];
}

export interface BarChartSpec {
  title: string;
  /** Heading of the table's first column (区县, 类型 …). */
  categoryHeader: string;
  /** One row per category; `to` links the category to the list behind its number. */
  categories: { label: string; to?: string }[];
  series: ChartSeries[];
  /** The axis end (e.g. 1 for shares); the largest value when not given. */
  max?: number;
}

export interface RenderedChart {
  title: string;
  /** The same chart drawn for a column (wide) and for a phone (narrow): an SVG's text scales with it. */
  svg: { wide: string; narrow: string };
  /** The series' names, for a legend when there is more than one. */
  legend: string[];
  table: { headers: string[]; rows: { label: string; to?: string; cells: string[] }[] };
}

const INK = "#1f2328";
// ECharts writes the family into a double-quoted style attribute without escaping it, so a
// family name in quotes would break the attribute; the generic family keeps it short, too.
const FONT = "sans-serif";
/**
 * Two drawings, shown one at a time by a CSS container query on the chart's own width (ADR 017):
 * one for a column, one for a phone or a narrow grid cell, where the wide one scaled down would
 * make its text too small to read.
 */
const LAYOUTS = {
  wide: { width: 520, fontSize: 15, labelWidth: 170 },
  narrow: { width: 340, fontSize: 14, labelWidth: 112 },
} as const;
type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

/** Rough width of a text in the chart's font: CJK characters a full em, others about half. */
function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const char of text) width += /[\u2E80-\uFFFF]/.test(char) ? fontSize : fontSize * 0.58;
  return Math.ceil(width);
}

// Charts repeat (the same dashboard for every regulator until its data changes) and an ECharts
// render costs milliseconds, so the last drawings are kept by their spec.
const drawn = new Map<string, string>();
const KEEP = 200;

function draw(spec: BarChartSpec, layout: Layout): string {
  const key = JSON.stringify([layout.width, spec.categories.map((c) => c.label), spec.series, spec.max]);
  const cached = drawn.get(key);
  if (cached !== undefined) return cached;
  const { width, fontSize } = layout;
  const measure = (text: string) => textWidth(text, fontSize);
  const labelWidth = Math.min(layout.labelWidth, Math.max(...spec.categories.map((c) => measure(c.label)), 40));
  const valueWidth = Math.max(...spec.series.flatMap((s) => s.labels.map((label) => textWidth(label, fontSize - 1))), 20);
  const lines = Math.max(1, ...spec.categories.map((c) => Math.ceil(measure(c.label) / layout.labelWidth)));
  const lineHeight = fontSize + 4;
  const rowHeight = Math.max(spec.series.length * 24 + 14, lines * lineHeight + 12);
  const height = spec.categories.length * rowHeight + 8;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT, fontSize, color: INK },
    grid: { left: labelWidth + 12, right: valueWidth + 12, top: 4, bottom: 4 },
    xAxis: { type: "value", min: 0, max: spec.max ?? (Math.max(0, ...spec.series.flatMap((s) => s.values)) || 1), show: false },
    yAxis: {
      type: "category",
      inverse: true,
      data: spec.categories.map((c) => c.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#767f8a" } },
      axisLabel: { color: INK, fontSize, width: layout.labelWidth, overflow: "break", lineHeight },
    },
    series: spec.series.map((series, index) => ({
      type: "bar",
      name: series.name,
      data: series.values,
      barMaxWidth: 20,
      barGap: "15%",
      silent: true,
      itemStyle: { color: SERIES_COLOURS[index % SERIES_COLOURS.length] },
      label: { show: true, position: "right", color: INK, fontSize: fontSize - 1, formatter: ({ dataIndex }: { dataIndex: number }) => series.labels[dataIndex] ?? "" },
    })),
  });
  const svg = slim(chart.renderToSVGString());
  chart.dispose();
  if (drawn.size >= KEEP) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

/**
 * Drops what only ECharts' client runtime uses (hydration metadata, hover styles and their
 * classes, hit areas): the drawing is a static picture sent twice (HTML and loader data), so
 * bytes count.
 */
function slim(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/ (?:ecmeta_[a-z_]+|pointer-events)="[^"]*"/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    // Invisible shapes: the background and the labels' hit areas.
    .replace(/<(path|rect) [^>]*fill="none"><\/\1>/g, "")
    .replace(/\n/g, "");
}

export function barChart(spec: BarChartSpec): RenderedChart {
  return {
    title: spec.title,
    svg: { wide: draw(spec, LAYOUTS.wide), narrow: draw(spec, LAYOUTS.narrow) },
    legend: spec.series.length > 1 ? spec.series.map((s) => s.name) : [],
    table: {
      headers: [spec.categoryHeader, ...spec.series.map((s) => s.name)],
      rows: spec.categories.map((category, i) => ({ label: category.label, to: category.to, cells: spec.series.map((s) => s.labels[i] ?? "") })),
    },
  };
}
