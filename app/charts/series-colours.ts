/** Colours of a chart's series: the site's accent, then a dark amber; both at least 4.5:1 on white. */
export const SERIES_COLOURS = ["#a4161a", "#b35c00"];
