import { InputError } from '../../core/errors.js';
import { doseAtVolumeCc, type Dvh, volumeAtDoseCc } from './dvh.js';

/**
 * DVH metrics as a discriminated union (no string parsing, so a typo is a compile error, not a runtime one).
 * - D: minimum dose to the hottest `volumePercent` % (D98, D95, D50, D2 …) → Gy
 * - Dcc: minimum dose to the hottest `volumeCc` cm³ (D0.03cc ≈ Dmax per ICRU 83) → Gy
 * - V: volume receiving ≥ `doseGy` → % and cm³
 * - Dmean, Dmin, Dmax → Gy (from the voxels)
 * - volume → cm³
 */
export type DvhMetric =
  | { readonly kind: 'D'; readonly volumePercent: number }
  | { readonly kind: 'Dcc'; readonly volumeCc: number }
  | { readonly kind: 'V'; readonly doseGy: number }
  | { readonly kind: 'Dmean' }
  | { readonly kind: 'Dmin' }
  | { readonly kind: 'Dmax' }
  | { readonly kind: 'volume' };

/** Value of a metric, with its unit(s). */
export type DvhMetricValue =
  | { readonly kind: 'dose'; readonly gy: number }
  | { readonly kind: 'volume'; readonly percent: number; readonly cc: number };

/** Evaluates one metric on a DVH (NaN for an empty structure). */
export function evaluateDvhMetric(dvh: Dvh, metric: DvhMetric): DvhMetricValue {
  switch (metric.kind) {
    case 'D': {
      const p = metric.volumePercent;
      if (!(p >= 0 && p <= 100)) throw new InputError(`D metric volumePercent must be in [0, 100], got ${p}`);
      return { kind: 'dose', gy: doseAtVolumeCc(dvh, (p / 100) * dvh.volumeCc) };
    }
    case 'Dcc':
      if (!(metric.volumeCc >= 0))
        throw new InputError(`Dcc metric volumeCc must be ≥ 0, got ${metric.volumeCc}`);
      return { kind: 'dose', gy: doseAtVolumeCc(dvh, metric.volumeCc) };
    case 'V': {
      const cc = volumeAtDoseCc(dvh, metric.doseGy);
      return { kind: 'volume', cc, percent: dvh.volumeCc > 0 ? (100 * cc) / dvh.volumeCc : NaN };
    }
    case 'Dmean':
      return { kind: 'dose', gy: dvh.meanGy };
    case 'Dmin':
      return { kind: 'dose', gy: dvh.minGy };
    case 'Dmax':
      return { kind: 'dose', gy: dvh.maxGy };
    case 'volume':
      return { kind: 'volume', cc: dvh.volumeCc, percent: 100 };
  }
}

/** Dose in Gy of a dose-valued metric (throws for volume-valued ones). */
export function doseMetricGy(dvh: Dvh, metric: DvhMetric): number {
  const v = evaluateDvhMetric(dvh, metric);
  if (v.kind !== 'dose') throw new InputError(`metric ${metric.kind} is a volume, not a dose`);
  return v.gy;
}

/** Short label: D95%, D0.03cc, V20Gy, Dmean … */
export function formatDvhMetric(metric: DvhMetric): string {
  switch (metric.kind) {
    case 'D':
      return `D${metric.volumePercent}%`;
    case 'Dcc':
      return `D${metric.volumeCc}cc`;
    case 'V':
      return `V${metric.doseGy}Gy`;
    default:
      return metric.kind;
  }
}

/** ICRU 83 homogeneity index (D2 − D98) / D50 of a target. */
export function homogeneityIndex(dvh: Dvh): number {
  const d2 = doseMetricGy(dvh, { kind: 'D', volumePercent: 2 });
  const d98 = doseMetricGy(dvh, { kind: 'D', volumePercent: 98 });
  const d50 = doseMetricGy(dvh, { kind: 'D', volumePercent: 50 });
  return (d2 - d98) / d50;
}
