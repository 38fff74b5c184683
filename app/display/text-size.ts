/**
 * Large type (适老化): at least 18 px body text, larger targets and higher contrast, chosen from
 * the header and kept in a cookie, so it works without JavaScript and on every page.
 */
export const TEXT_SIZES = ["standard", "large"] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === "string" && (TEXT_SIZES as readonly string[]).includes(value);
}
