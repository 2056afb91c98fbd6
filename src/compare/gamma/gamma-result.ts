import type { Volume } from '../../core/volume.js';
import type { GammaCriteria } from './gamma-options.js';
import { percentileOf } from '../../core/percentile.js';

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
    gamma95thPercentile: percentileOf(values, 95),
    maxGammaObserved: evaluated === 0 ? NaN : maxSeen,
    histogram: { binWidth: GAMMA_HISTOGRAM_BIN, counts },
  };
}
