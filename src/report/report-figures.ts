import { makeDvhFigure } from './figures/dvh-figure.js';
import { makeGammaHistogramFigure, makePassRateFigure } from './figures/gamma-figures.js';
import type { PlotlyFigure } from './figures/plotly-types.js';
import { makeSliceFigure, type IsodoseOverlay } from './figures/slice-figure.js';
import type { ReportImages } from './report-images.js';
import type { OrthogonalSlices } from './slices.js';
import type { ValidationReport } from './validation-report.js';

/**
 * Every figure of report.html, from the report's numbers and the sampled images. Display windows are chosen
 * here (HU window, dose range, symmetric difference range); nothing physical is computed.
 */

/** Largest |value| over sampled planes (for a symmetric colour range), ignoring NaN. */
function maxAbs(slices: OrthogonalSlices): number {
  let m = 0;
  for (const stack of slices)
    for (const plane of stack.slices)
      for (const row of plane) for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

const DIVERGING: readonly (readonly [number, string])[] = [
  [0, '#2166ac'],
  [0.25, '#67a9cf'],
  [0.5, '#f7f7f7'],
  [0.75, '#ef8a62'],
  [1, '#b2182b'],
];

/** Gamma: green shades for γ ≤ 1 (pass), orange to dark red above (fail). */
const GAMMA_SCALE: readonly (readonly [number, string])[] = [
  [0, '#1a9850'],
  [0.5, '#d9ef8b'],
  [0.5001, '#fdae61'],
  [1, '#a50026'],
];

export function buildReportFigures(report: ValidationReport, images: ReportImages): PlotlyFigure[] {
  const rxGy = report.prescriptionGy;
  const isodose: IsodoseOverlay = {
    slices: images.doseCt,
    startGy: 0.2 * rxGy,
    endGy: 1.0 * rxGy,
    stepGy: 0.2 * rxGy,
  };
  const doseMaxGy = Math.max(maxAbs(images.doseCt), maxAbs(images.doseSct), rxGy * 1.05);
  // Symmetric windows, floored so an identical sCT shows a flat map rather than amplified rounding noise.
  const huDiffWindow = Math.max(50, Math.min(500, maxAbs(images.huDifference)));
  const doseDiffWindow = Math.max(0.01 * rxGy, maxAbs(images.doseDifference));
  const criteria = report.provenance.criteria;
  return [
    makeDvhFigure(report.dvhCurves, rxGy),
    makePassRateFigure(report.gamma, criteria.gammaTolerancePassPercent, criteria.gammaActionPassPercent),
    makeGammaHistogramFigure(report.gamma),
    makeSliceFigure(images.ct, hu('fig-ct', 'CT', 'gray')),
    makeSliceFigure(images.sct, hu('fig-sct', 'sCT', 'gray')),
    makeSliceFigure(images.huDifference, {
      id: 'fig-hu-diff',
      title: 'HU difference (sCT − CT)',
      unitLabel: 'ΔHU',
      colorscale: DIVERGING,
      zMin: -huDiffWindow,
      zMax: huDiffWindow,
    }),
    makeSliceFigure(images.doseCt, dose('fig-dose-ct', 'Dose on CT', doseMaxGy), isodose),
    makeSliceFigure(images.doseSct, dose('fig-dose-sct', 'Dose on sCT', doseMaxGy), isodose),
    makeSliceFigure(
      images.doseDifference,
      {
        id: 'fig-dose-diff',
        title: 'Dose difference (sCT − CT), isodose lines of the CT dose',
        unitLabel: 'ΔGy',
        colorscale: DIVERGING,
        zMin: -doseDiffWindow,
        zMax: doseDiffWindow,
      },
      isodose,
    ),
    makeSliceFigure(
      images.gamma,
      {
        id: 'fig-gamma-map',
        title: `Gamma map (${images.gammaLabel}; blank = below cutoff), isodose lines of the CT dose`,
        unitLabel: 'γ',
        colorscale: GAMMA_SCALE,
        zMin: 0,
        zMax: 2,
      },
      isodose,
    ),
  ];
}

function hu(id: string, title: string, colorscale: string): Parameters<typeof makeSliceFigure>[1] {
  return {
    id,
    title,
    unitLabel: 'HU',
    colorscale: colorscale === 'gray' ? GRAY : colorscale,
    zMin: -1000,
    zMax: 1500,
  };
}

const GRAY: readonly (readonly [number, string])[] = [
  [0, '#000000'],
  [1, '#ffffff'],
];

function dose(id: string, title: string, maxGy: number): Parameters<typeof makeSliceFigure>[1] {
  return {
    id,
    title: `${title} (isodose lines: CT dose, 20–100 % of prescription)`,
    unitLabel: 'Gy',
    colorscale: 'Jet',
    zMin: 0,
    zMax: maxGy,
  };
}
