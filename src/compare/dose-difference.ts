import { InputError } from '../core/errors.js';
import { assertSameGrid } from '../core/grid.js';
import { createVolume, type Volume } from '../core/volume.js';
import type { StructureOccupancy } from './dvh/occupancy.js';

/** Options of the dose-difference statistics. */
export interface DoseDifferenceOptions {
  /** Prescription dose (Gy): the unit of every "% of prescription" figure. */
  readonly prescriptionGy: number;
  /** SynthRAD high-dose region: reference dose ≥ this % of prescription (default 90). */
  readonly highDosePercent?: number;
  /** Region of the mean difference: reference dose ≥ this % of the reference maximum (default 10, gamma's cutoff). */
  readonly lowDoseCutoffPercent?: number;
}

/** Whole-grid difference statistics of evaluated − reference. "Percent" = % of the prescription dose. */
export interface DoseDifferenceStatistics {
  readonly prescriptionGy: number;
  /** SynthRAD2023 dose MAE: mean |Δ| over voxels with reference ≥ highDosePercent % of Rx, / Rx × 100. */
  readonly doseMaePercent: number;
  readonly doseMaeGy: number;
  readonly highDoseVoxelCount: number;
  /** Mean signed Δ over voxels with reference ≥ lowDoseCutoffPercent % of the reference maximum. */
  readonly meanDifferenceGy: number;
  readonly meanDifferencePercent: number;
  readonly aboveCutoffVoxelCount: number;
  /** Largest |Δ| anywhere on the grid. */
  readonly maxAbsDifferenceGy: number;
  readonly maxAbsDifferencePercent: number;
}

/** Per-ROI difference (occupancy-weighted), evaluated − reference. */
export interface RoiDoseDifference {
  readonly name: string;
  readonly volumeCc: number;
  readonly meanDifferenceGy: number;
  readonly meanDifferencePercent: number;
  /** Largest |Δ| over voxels touching the ROI, and its sign kept in `maxDifferenceGy`. */
  readonly maxAbsDifferenceGy: number;
  readonly maxDifferenceGy: number;
  readonly maxAbsDifferencePercent: number;
}

/** Voxelwise evaluated − reference (Gy), on their common grid. */
export function doseDifferenceMap(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
): Volume<'Gy', Float32Array> {
  assertSameGrid(reference.grid, evaluated.grid, 'reference and evaluated doses');
  const out = new Float32Array(reference.data.length);
  for (let n = 0; n < out.length; n++) out[n] = (evaluated.data[n] as number) - (reference.data[n] as number);
  return createVolume(reference.grid, 'Gy', out);
}

/** Whole-grid statistics of `evaluated − reference` (same grid required). */
export function doseDifferenceStatistics(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  options: DoseDifferenceOptions,
): DoseDifferenceStatistics {
  assertSameGrid(reference.grid, evaluated.grid, 'reference and evaluated doses');
  const rx = options.prescriptionGy;
  if (!(rx > 0) || !Number.isFinite(rx))
    throw new InputError(`prescription dose must be a positive number of Gy, got ${rx}`);
  const highGy = ((options.highDosePercent ?? 90) / 100) * rx;
  let refMax = -Infinity;
  for (let n = 0; n < reference.data.length; n++) refMax = Math.max(refMax, reference.data[n] as number);
  const cutoffGy = ((options.lowDoseCutoffPercent ?? 10) / 100) * refMax;
  let high = 0;
  let highAbs = 0;
  let above = 0;
  let aboveSum = 0;
  let maxAbs = 0;
  for (let n = 0; n < reference.data.length; n++) {
    const r = reference.data[n] as number;
    const d = (evaluated.data[n] as number) - r;
    if (!Number.isFinite(d)) throw new InputError(`non-finite dose at voxel ${n}`);
    if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
    if (r >= highGy) {
      high++;
      highAbs += Math.abs(d);
    }
    if (r >= cutoffGy) {
      above++;
      aboveSum += d;
    }
  }
  const doseMaeGy = high > 0 ? highAbs / high : NaN;
  const meanDifferenceGy = above > 0 ? aboveSum / above : NaN;
  return {
    prescriptionGy: rx,
    doseMaePercent: (100 * doseMaeGy) / rx,
    doseMaeGy,
    highDoseVoxelCount: high,
    meanDifferenceGy,
    meanDifferencePercent: (100 * meanDifferenceGy) / rx,
    aboveCutoffVoxelCount: above,
    maxAbsDifferenceGy: maxAbs,
    maxAbsDifferencePercent: (100 * maxAbs) / rx,
  };
}

/** Per-ROI mean (occupancy-weighted) and max |Δ| of `difference` (a doseDifferenceMap). */
export function roiDoseDifference(
  difference: Volume<'Gy'>,
  roi: StructureOccupancy,
  prescriptionGy: number,
): RoiDoseDifference {
  assertSameGrid(difference.grid, roi.grid, `dose difference and ROI '${roi.name}'`);
  let sumF = 0;
  let sumFD = 0;
  let maxAbs = 0;
  let maxSigned = 0;
  for (let m = 0; m < roi.indices.length; m++) {
    const f = roi.fractions[m] as number;
    const d = difference.data[roi.indices[m] as number] as number;
    sumF += f;
    sumFD += f * d;
    if (Math.abs(d) > maxAbs) {
      maxAbs = Math.abs(d);
      maxSigned = d;
    }
  }
  const vv =
    (difference.grid.spacingMm[0] * difference.grid.spacingMm[1] * difference.grid.spacingMm[2]) / 1000;
  const mean = sumF > 0 ? sumFD / sumF : NaN;
  return {
    name: roi.name,
    volumeCc: sumF * vv,
    meanDifferenceGy: mean,
    meanDifferencePercent: (100 * mean) / prescriptionGy,
    maxAbsDifferenceGy: sumF > 0 ? maxAbs : NaN,
    maxDifferenceGy: sumF > 0 ? maxSigned : NaN,
    maxAbsDifferencePercent: sumF > 0 ? (100 * maxAbs) / prescriptionGy : NaN,
  };
}
