/**
 * The small slice of Plotly's figure format the report uses: plain JSON, rendered in the page by
 * `Plotly.newPlot(div, data, layout, config)`. Kept local (not plotly.js-dist's types) so the report's public
 * types do not depend on a devDependency.
 */

/** One trace: `type` plus Plotly attributes (x, y, z, line, colorscale, …). */
export interface PlotlyTrace {
  readonly type: 'scatter' | 'heatmap' | 'contour' | 'bar' | 'histogram' | 'box';
  readonly [attribute: string]: unknown;
}

export type PlotlyLayout = Readonly<Record<string, unknown>>;

/** A figure ready for Plotly.newPlot. `id` is the DOM id of its div; `title` heads its section. */
export interface PlotlyFigure {
  readonly id: string;
  readonly title: string;
  readonly data: readonly PlotlyTrace[];
  readonly layout: PlotlyLayout;
}

/** Categorical colours for ROIs without a colour of their own (Okabe–Ito, colour-blind safe). */
export const ROI_PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#F0E442',
  '#000000',
] as const;

/** CSS colour of ROI number `n` in report order, preferring the structure's own colour. */
export function roiColor(n: number, colorRgb?: readonly [number, number, number]): string {
  if (colorRgb) return `rgb(${colorRgb[0]}, ${colorRgb[1]}, ${colorRgb[2]})`;
  return ROI_PALETTE[n % ROI_PALETTE.length] as string;
}

/** Shared layout defaults: white background, compact margins, a readable font. */
export const BASE_LAYOUT = {
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
  font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 12 },
  margin: { l: 60, r: 20, t: 40, b: 50 },
} as const;
