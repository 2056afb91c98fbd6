import type {
  CohortBlandAltman,
  CohortGammaDistribution,
  CohortMetricSummary,
} from '../../cohort/cohort-result.js';
import { DVH_METRIC_IDS } from '../validation-report.js';
import { BASE_LAYOUT, type PlotlyFigure, type PlotlyTrace, ROI_PALETTE } from './plotly-types.js';

/**
 * Cohort figures as Plotly specs (pure data → spec; the numbers come from cohort.json): DVH-difference box plots
 * per ROI and metric, Bland–Altman plots (CT reference, sCT evaluated), and the distribution of per-case gamma
 * pass rates against the TG-218 tolerance and action levels.
 */

const colorOf = (n: number): string => ROI_PALETTE[n % ROI_PALETTE.length] as string;

const hline = (y: number, color: string, dash: string): Record<string, unknown> => ({
  type: 'line',
  xref: 'paper',
  x0: 0,
  x1: 1,
  y0: y,
  y1: y,
  line: { color, dash, width: 1.5 },
});

const label = (y: number, text: string, color: string): Record<string, unknown> => ({
  xref: 'paper',
  x: 1,
  xanchor: 'right',
  y,
  yanchor: 'bottom',
  text,
  showarrow: false,
  font: { size: 11, color },
});

/**
 * Box plots of sCT − CT (% of prescription) per ROI (x), one box trace per DVH metric, every case drawn as a
 * point; dashed lines at ± the target tolerance.
 */
export function makeCohortDvhBoxFigure(
  metrics: readonly CohortMetricSummary[],
  targetTolerancePercent: number,
): PlotlyFigure {
  const rows = metrics.filter((m) => m.group === 'dvh' && m.quantity === 'deltaPercent');
  const rois = [...new Set(rows.map((m) => m.roi as string))];
  const data: PlotlyTrace[] = DVH_METRIC_IDS.map((metric, n) => {
    const x: string[] = [];
    const y: number[] = [];
    const text: string[] = [];
    for (const m of rows.filter((r) => r.metric === metric))
      m.values.forEach((v, k) => {
        x.push(m.roi as string);
        y.push(v);
        text.push(m.cases[k] as string);
      });
    return {
      type: 'box',
      name: metric === 'Dmean' ? 'Dmean' : `${metric} %`,
      x,
      y,
      text,
      boxpoints: 'all',
      jitter: 0.4,
      pointpos: 0,
      marker: { color: colorOf(n), size: 5 },
      hovertemplate: '%{text}: %{y:+.2f} %',
    };
  });
  return {
    id: 'fig-cohort-dvh-box',
    title: 'DVH metric differences per ROI (sCT − CT, % of prescription)',
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 420,
      boxmode: 'group',
      xaxis: { title: { text: 'ROI' }, categoryorder: 'array', categoryarray: rois },
      yaxis: { title: { text: 'Δ (% of prescription)' }, zeroline: true },
      shapes: [
        hline(targetTolerancePercent, '#b35900', 'dash'),
        hline(-targetTolerancePercent, '#b35900', 'dash'),
      ],
      annotations: [
        label(targetTolerancePercent, `target tolerance ±${targetTolerancePercent} %`, '#b35900'),
      ],
    },
  };
}

/** Stable DOM id of a Bland–Altman figure. */
export const blandAltmanFigureId = (n: number): string => `fig-cohort-ba-${n}`;

/** Bland–Altman: x = (CT + sCT)/2 in Gy, y = sCT − CT in % of prescription; bias and 95 % limits of agreement. */
export function makeBlandAltmanFigure(ba: CohortBlandAltman, n: number): PlotlyFigure {
  const s = ba.percent;
  const shapes = [hline(s.bias, '#0072B2', 'solid')];
  const annotations = [label(s.bias, `bias ${s.bias >= 0 ? '+' : ''}${s.bias.toFixed(2)} %`, '#0072B2')];
  if (s.loaLower !== null && s.loaUpper !== null) {
    shapes.push(hline(s.loaUpper, '#c0162b', 'dash'), hline(s.loaLower, '#c0162b', 'dash'));
    annotations.push(
      label(s.loaUpper, `+1.96 SD ${s.loaUpper.toFixed(2)} %`, '#c0162b'),
      label(s.loaLower, `−1.96 SD ${s.loaLower.toFixed(2)} %`, '#c0162b'),
    );
  }
  const metric = ba.metric === 'Dmean' ? 'Dmean' : `${ba.metric} %`;
  return {
    id: blandAltmanFigureId(n),
    title: `${ba.roi} ${metric} (${ba.isTarget ? 'target' : 'OAR'}): Bland–Altman, CT vs sCT`,
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        name: ba.roi,
        x: ba.points.map((p) => p.meanGy),
        y: ba.points.map((p) => p.differencePercent),
        text: ba.points.map((p) => p.caseId),
        marker: { color: ba.isTarget ? '#D55E00' : '#009E73', size: 8 },
        hovertemplate: '%{text}: mean %{x:.3f} Gy, Δ %{y:+.2f} %',
      },
    ],
    layout: {
      ...BASE_LAYOUT,
      height: 320,
      showlegend: false,
      xaxis: { title: { text: `mean of CT and sCT ${metric} (Gy)` } },
      yaxis: { title: { text: 'sCT − CT (% of prescription)' }, zeroline: true },
      shapes,
      annotations,
    },
  };
}

/**
 * Per-case gamma pass rates, one box (every case a point) per criterion, with TG-218's tolerance and action
 * lines (taken from the gating criterion's limits).
 */
export function makeCohortGammaFigure(gamma: readonly CohortGammaDistribution[]): PlotlyFigure {
  const gating = gamma.find((g) => g.gating) ?? gamma[0];
  const data: PlotlyTrace[] = gamma.map((g, n) => ({
    type: 'box',
    name: g.label,
    y: g.passRatePercent,
    text: g.cases,
    boxpoints: 'all',
    jitter: 0.4,
    pointpos: 0,
    marker: { color: colorOf(n), size: 6 },
    hovertemplate: '%{text}: %{y:.2f} %',
  }));
  const shapes = gating
    ? [
        hline(gating.tolerancePassPercent, '#1a7f37', 'dash'),
        hline(gating.actionPassPercent, '#c0162b', 'dash'),
      ]
    : [];
  const annotations = gating
    ? [
        label(gating.tolerancePassPercent, `TG-218 tolerance ${gating.tolerancePassPercent} %`, '#1a7f37'),
        label(gating.actionPassPercent, `TG-218 action ${gating.actionPassPercent} %`, '#c0162b'),
      ]
    : [];
  const low = Math.min(gating?.actionPassPercent ?? 90, ...gamma.flatMap((g) => g.passRatePercent));
  return {
    id: 'fig-cohort-gamma',
    title: 'Gamma pass rate per case, against the TG-218 levels',
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 400,
      showlegend: false,
      yaxis: { title: { text: 'Pass rate (%)' }, range: [Math.max(0, low - 2), 100.5] },
      shapes,
      annotations,
    },
  };
}
