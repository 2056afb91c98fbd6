import type { GammaResultEntry } from '../validation-report.js';
import { BASE_LAYOUT, type PlotlyFigure, type PlotlyTrace, ROI_PALETTE } from './plotly-types.js';

/**
 * Gamma histograms (one bar trace per criterion, from the counts computed by the compare stage) and the pass
 * rates per criterion and per ROI, with the TG-218 tolerance and action lines drawn from the verdict criteria.
 */

/** Gamma histogram: fraction of evaluated voxels per gamma bin, one trace per criterion. */
export function makeGammaHistogramFigure(gamma: readonly GammaResultEntry[]): PlotlyFigure {
  const data: PlotlyTrace[] = gamma.map((g, n) => {
    const total = g.histogram.counts.reduce((s, c) => s + c, 0);
    const edges = g.histogram.binEdges;
    return {
      type: 'bar',
      name: g.label,
      x: g.histogram.counts.map(
        (_, b) => ((edges[b] as number) + (edges[b + 1] ?? (edges[b] as number))) / 2,
      ),
      y: g.histogram.counts.map((c) => (total > 0 ? (100 * c) / total : 0)),
      width: g.histogram.counts.map(
        (_, b) => ((edges[b + 1] ?? (edges[b] as number)) - (edges[b] as number)) * 0.9,
      ),
      marker: { color: ROI_PALETTE[n % ROI_PALETTE.length], opacity: 0.75 },
      hovertemplate: 'γ %{x:.2f}: %{y:.2f} %',
    };
  });
  return {
    id: 'fig-gamma-histogram',
    title: 'Gamma histogram (evaluated voxels)',
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 380,
      barmode: 'overlay',
      xaxis: { title: { text: 'γ' } },
      yaxis: { title: { text: 'Evaluated voxels (%)' } },
      shapes: [
        { type: 'line', x0: 1, x1: 1, y0: 0, y1: 1, yref: 'paper', line: { color: '#c00', dash: 'dot' } },
      ],
    },
  };
}

/** Grouped bars: x = "All (dose ≥ cutoff)" then each ROI, one trace per criterion; limit lines at tolerance/action. */
export function makePassRateFigure(
  gamma: readonly GammaResultEntry[],
  tolerancePassPercent: number,
  actionPassPercent: number,
): PlotlyFigure {
  const roiNames = [...new Set(gamma.flatMap((g) => g.perRoi.map((r) => r.name)))];
  const categories = ['All', ...roiNames];
  const data: PlotlyTrace[] = gamma.map((g, n) => {
    const byName = new Map(g.perRoi.map((r) => [r.name, r] as const));
    const values = [g.passRatePercent, ...roiNames.map((name) => byName.get(name)?.passRatePercent ?? null)];
    return {
      type: 'bar',
      name: g.label,
      x: categories,
      y: values,
      // Values inside the bars, rotated: neighbouring labels at 100 % would overlap side by side.
      text: values.map((v) => (v === null ? 'n/a' : v.toFixed(1))),
      textposition: 'inside',
      insidetextanchor: 'end',
      textangle: -90,
      textfont: { size: 9, color: '#ffffff' },
      marker: { color: ROI_PALETTE[n % ROI_PALETTE.length] },
      hovertemplate: '%{x}: %{y:.2f} %',
    };
  });
  const hline = (y: number, color: string): Record<string, unknown> => ({
    type: 'line',
    xref: 'paper',
    x0: 0,
    x1: 1,
    y0: y,
    y1: y,
    line: { color, dash: 'dash', width: 1 },
  });
  return {
    id: 'fig-pass-rates',
    title: 'Gamma pass rates per criterion and per ROI',
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 400,
      barmode: 'group',
      yaxis: {
        title: { text: 'Pass rate (%)' },
        range: [yFloor(gamma), 103],
      },
      shapes: [hline(tolerancePassPercent, '#2a7d2a'), hline(actionPassPercent, '#c00')],
      // Labels above the plot area: beside the lines they would sit under the bars.
      annotations: [
        annotation(`tolerance ${tolerancePassPercent} % (green dashed)`, '#2a7d2a', 0),
        annotation(`action ${actionPassPercent} % (red dashed)`, '#c00', 0.35),
      ],
    },
  };
}

/** Zoom on 80–100 % when every rate is high (the differences that matter); otherwise show from 0. */
function yFloor(gamma: readonly GammaResultEntry[]): number {
  const lowest = Math.min(
    ...gamma.flatMap((g) => [g.passRatePercent, ...g.perRoi.map((r) => r.passRatePercent ?? 100)]),
  );
  return lowest >= 82 ? 80 : 0;
}

function annotation(text: string, color: string, xPaper: number): Record<string, unknown> {
  return {
    xref: 'paper',
    yref: 'paper',
    x: xPaper,
    y: 1.01,
    text,
    showarrow: false,
    xanchor: 'left',
    yanchor: 'bottom',
    font: { color },
  };
}
