import type { Volume } from '../../core/volume.js';
import type { GammaCriteria } from './gamma-options.js';

/** Which implementation produced a gamma map. 'ts' = the plain-TypeScript fast path; gpu.js modes by name. */
export type GammaBackendId =
  'reference' | 'ts' | 'cpu' | 'webasm' | 'webgpu' | 'webgl2' | 'webgl' | 'headlessgl';

/** Histogram of evaluated γ values: `counts[b]` voxels with γ in [b·binWidth, (b+1)·binWidth) (last bin closed). */
export interface GammaHistogram {
  readonly binWidth: number;
  readonly counts: readonly number[];
}

/** Summary statistics over evaluated voxels only (γ values are capped at maxGamma). */
export interface GammaStatistics {
  /** Voxels with γ ≤ 1, as % of evaluated voxels (NaN when none was evaluated). */
  readonly passRatePercent: number;
  readonly evaluatedVoxelCount: number;
  readonly meanGamma: number;
  /** 95th percentile (linear interpolation between order statistics, numpy's default). */
  readonly gamma95thPercentile: number;
  readonly maxGammaObserved: number;
  readonly histogram: GammaHistogram;
}

/**
 * Result of a gamma comparison. The map lives on the REFERENCE grid; unevaluated voxels (below the cutoff,
 * non-finite reference dose) are NaN — NaN is the only "no value" encoding, never a number such as -1.
 * A value equal to `criteria.maxGamma` means "γ ≥ maxGamma" (the search stops there).
 */
export interface GammaResult extends GammaStatistics {
  readonly gamma: Volume<'gamma', Float32Array>;
  readonly criteria: GammaCriteria;
  readonly backend: GammaBackendId;
  /** Wall times, ms: `setupMs` (lattice, plan, uploads), `searchMs`, `statisticsMs`. */
  readonly timings: { readonly setupMs: number; readonly searchMs: number; readonly statisticsMs: number };
}

/** Histogram bin width of γ. */
export const GAMMA_HISTOGRAM_BIN = 0.1;

/** Statistics of a γ map (NaN entries skipped). */
export function summariseGamma(gamma: ArrayLike<number>, maxGamma: number): GammaStatistics {
  const bins = Math.max(1, Math.ceil(maxGamma / GAMMA_HISTOGRAM_BIN - 1e-9));
  const counts = new Array<number>(bins).fill(0);
  let evaluated = 0;
  let passed = 0;
  let sum = 0;
  let maxSeen = -Infinity;
  for (let n = 0; n < gamma.length; n++) {
    const g = gamma[n] as number;
    if (Number.isNaN(g)) continue;
    evaluated++;
    sum += g;
    if (g <= 1) passed++;
    if (g > maxSeen) maxSeen = g;
  }
  const values = new Float64Array(evaluated);
  let m = 0;
  for (let n = 0; n < gamma.length; n++) {
    const g = gamma[n] as number;
    if (Number.isNaN(g)) continue;
    values[m++] = g;
    const b = Math.min(bins - 1, Math.floor(g / GAMMA_HISTOGRAM_BIN));
    counts[b] = (counts[b] as number) + 1;
  }
  return {
    passRatePercent: evaluated === 0 ? NaN : (100 * passed) / evaluated,
    evaluatedVoxelCount: evaluated,
    meanGamma: evaluated === 0 ? NaN : sum / evaluated,
    gamma95thPercentile: percentileInPlace(values, 95),
    maxGammaObserved: evaluated === 0 ? NaN : maxSeen,
    histogram: { binWidth: GAMMA_HISTOGRAM_BIN, counts },
  };
}

/** p-th percentile with linear interpolation (numpy 'linear'); reorders `values`. O(n) by quickselect. */
export function percentileInPlace(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const a = select(values, lo);
  if (lo + 1 >= n) return a;
  // After selecting lo, the (lo+1)-th order statistic is the minimum of the upper part.
  let b = Infinity;
  for (let t = lo + 1; t < n; t++) if ((values[t] as number) < b) b = values[t] as number;
  return a + (pos - lo) * (b - a);
}

/** Hoare-style quickselect: places the k-th smallest at index k, smaller ones before it. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k] as number;
}
