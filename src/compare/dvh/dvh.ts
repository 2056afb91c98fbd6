import { GeometryError, InputError } from '../../core/errors.js';
import { gridMismatch } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import { type StructureOccupancy, voxelVolumeCc } from './occupancy.js';

/**
 * A dose-volume histogram of one structure.
 *
 * The histogram has `binCount` equal bins spanning exactly [minGy, maxGy] of the structure (not fixed 1-cGy
 * bins from 0: those quantise low-dose plans and waste bins). Each bin also records the true lowest and highest
 * voxel dose it holds, and its volume is taken as uniformly spread between those two doses, so the cumulative
 * curve is piecewise linear and every D_x / V_x is interpolated inside its bin — never the nearest bin edge —
 * and a bin holding a single dose level (a flat 60 Gy target) gives that dose exactly. D100 = Dmin, and D98
 * can never read as 0 because the low-dose bin is wide. Dmin, Dmax and Dmean come from the voxels.
 */
export interface Dvh {
  readonly name: string;
  /** Occupied volume, cm³ (partial voxels counted by their fraction). */
  readonly volumeCc: number;
  /** Minimum / maximum dose over voxels with any occupancy, Gy. */
  readonly minGy: number;
  readonly maxGy: number;
  /** Occupancy-weighted mean dose, Gy. */
  readonly meanGy: number;
  /** Bin edges, Gy: binCount + 1 values from minGy to maxGy. */
  readonly binEdgesGy: Float64Array;
  /** Differential DVH: volume (cm³) with dose in each bin. */
  readonly binVolumeCc: Float64Array;
  /** Lowest / highest voxel dose (Gy) inside each bin (NaN for empty bins): the interpolation support. */
  readonly binMinGy: Float64Array;
  readonly binMaxGy: Float64Array;
  /** Cumulative DVH at the edges: volume (cm³) receiving ≥ binEdgesGy[b]; cumulativeCc[0] = volumeCc. */
  readonly cumulativeCc: Float64Array;
}

/** Default number of bins between Dmin and Dmax: interpolation error ≤ (Dmax − Dmin)/2000 on D_x. */
export const DVH_DEFAULT_BINS = 2000;

/** DVH of `occupancy` in `dose` (same grid required: resample explicitly beforehand). */
export function computeDvh(
  dose: Volume<'Gy'>,
  occupancy: StructureOccupancy,
  binCount = DVH_DEFAULT_BINS,
): Dvh {
  const mismatch = gridMismatch(dose.grid, occupancy.grid);
  if (mismatch !== undefined)
    throw new GeometryError(
      `structure '${occupancy.name}' was rasterised on another grid than the dose (${mismatch})`,
    );
  if (!Number.isInteger(binCount) || binCount < 1)
    throw new InputError(`DVH binCount must be a positive integer, got ${binCount}`);
  const vv = voxelVolumeCc(dose.grid);
  const { min, max, sumF, sumFD } = scanDoses(dose, occupancy);
  if (sumF === 0) return emptyDvh(occupancy.name, binCount);
  const { binVolumeCc, binMinGy, binMaxGy } = fillBins(dose, occupancy, min, max, binCount, vv);
  const width = (max - min) / binCount;
  const binEdgesGy = Float64Array.from({ length: binCount + 1 }, (_, b) =>
    b === binCount ? max : min + b * width,
  );
  const cumulativeCc = new Float64Array(binCount + 1);
  for (let b = binCount - 1; b >= 0; b--)
    cumulativeCc[b] = (cumulativeCc[b + 1] as number) + (binVolumeCc[b] as number);
  return {
    name: occupancy.name,
    volumeCc: sumF * vv,
    minGy: min,
    maxGy: max,
    meanGy: sumFD / sumF,
    binEdgesGy,
    binVolumeCc,
    binMinGy,
    binMaxGy,
    cumulativeCc,
  };
}

/** Min, max and occupancy-weighted sums of the dose over the structure (throws on non-finite dose). */
function scanDoses(
  dose: Volume<'Gy'>,
  occupancy: StructureOccupancy,
): { min: number; max: number; sumF: number; sumFD: number } {
  const { indices, fractions } = occupancy;
  const data = dose.data;
  let min = Infinity;
  let max = -Infinity;
  let sumF = 0;
  let sumFD = 0;
  for (let n = 0; n < indices.length; n++) {
    const d = data[indices[n] as number] as number;
    if (!(d - d === 0))
      throw new InputError(
        `dose is not finite (${d}) inside structure '${occupancy.name}' at voxel ${indices[n]}`,
      );
    const f = fractions[n] as number;
    if (d < min) min = d;
    if (d > max) max = d;
    sumF += f;
    sumFD += f * d;
  }
  return { min, max, sumF, sumFD };
}

/** Differential volumes and per-bin dose extremes over `binCount` equal bins on [min, max]. */
function fillBins(
  dose: Volume<'Gy'>,
  occupancy: StructureOccupancy,
  min: number,
  max: number,
  binCount: number,
  voxelCc: number,
): { binVolumeCc: Float64Array; binMinGy: Float64Array; binMaxGy: Float64Array } {
  const width = (max - min) / binCount;
  const binVolumeCc = new Float64Array(binCount);
  const binMinGy = new Float64Array(binCount).fill(Infinity);
  const binMaxGy = new Float64Array(binCount).fill(-Infinity);
  const { indices, fractions } = occupancy;
  const data = dose.data;
  const perGy = width > 0 ? 1 / width : 0;
  for (let n = 0; n < indices.length; n++) {
    const d = data[indices[n] as number] as number;
    const b = Math.min(binCount - 1, Math.floor((d - min) * perGy));
    binVolumeCc[b] = (binVolumeCc[b] as number) + (fractions[n] as number) * voxelCc;
    if (d < (binMinGy[b] as number)) binMinGy[b] = d;
    if (d > (binMaxGy[b] as number)) binMaxGy[b] = d;
  }
  for (let b = 0; b < binCount; b++) {
    if (binMinGy[b] === Infinity) {
      binMinGy[b] = NaN;
      binMaxGy[b] = NaN;
    }
  }
  return { binVolumeCc, binMinGy, binMaxGy };
}

function emptyDvh(name: string, binCount: number): Dvh {
  return {
    name,
    volumeCc: 0,
    minGy: NaN,
    maxGy: NaN,
    meanGy: NaN,
    binEdgesGy: new Float64Array(binCount + 1).fill(NaN),
    binVolumeCc: new Float64Array(binCount),
    binMinGy: new Float64Array(binCount).fill(NaN),
    binMaxGy: new Float64Array(binCount).fill(NaN),
    cumulativeCc: new Float64Array(binCount + 1),
  };
}

/** Volume (cm³) receiving ≥ doseGy, interpolated between the lowest and highest dose of its bin. */
export function volumeAtDoseCc(dvh: Dvh, doseGy: number): number {
  if (dvh.volumeCc === 0) return 0;
  if (doseGy <= dvh.minGy) return dvh.volumeCc;
  if (doseGy > dvh.maxGy) return 0;
  const nb = dvh.binVolumeCc.length;
  const width = (dvh.maxGy - dvh.minGy) / nb;
  const b = width > 0 ? Math.min(nb - 1, Math.floor((doseGy - dvh.minGy) / width)) : 0;
  const lo = dvh.binMinGy[b] as number;
  const hi = dvh.binMaxGy[b] as number;
  const above = dvh.cumulativeCc[b + 1] as number;
  if (Number.isNaN(lo) || doseGy > hi) return above;
  if (doseGy <= lo) return dvh.cumulativeCc[b] as number;
  return above + ((hi - doseGy) / (hi - lo)) * (dvh.binVolumeCc[b] as number);
}

/** Minimum dose (Gy) to the hottest `volumeCc` cm³, interpolated inside its bin; Dmin for volumeCc ≥ total. */
export function doseAtVolumeCc(dvh: Dvh, volumeCc: number): number {
  if (dvh.volumeCc === 0) return NaN;
  if (volumeCc >= dvh.volumeCc) return dvh.minGy;
  if (volumeCc <= 0) return dvh.maxGy;
  const cum = dvh.cumulativeCc;
  // cum is non-increasing: find the bin b with cum[b] ≥ volumeCc > cum[b + 1] (that bin is not empty).
  let b = 0;
  let hiIdx = cum.length - 1;
  while (hiIdx - b > 1) {
    const mid = (b + hiIdx) >> 1;
    if ((cum[mid] as number) >= volumeCc) b = mid;
    else hiIdx = mid;
  }
  const lo = dvh.binMinGy[b] as number;
  const hi = dvh.binMaxGy[b] as number;
  const t = (volumeCc - (cum[b + 1] as number)) / (dvh.binVolumeCc[b] as number);
  // t = share of the bin's volume that must lie above the answer: the answer sits (1 − t) up from lo.
  return hi - t * (hi - lo);
}

/** Cumulative curve sampled at `dosesGy`: volume % receiving ≥ each dose. */
export function cumulativeCurvePercent(dvh: Dvh, dosesGy: readonly number[]): number[] {
  return dosesGy.map((d) => (dvh.volumeCc === 0 ? 0 : (100 * volumeAtDoseCc(dvh, d)) / dvh.volumeCc));
}
