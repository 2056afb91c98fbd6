import { NumericalError } from '../core/errors.js';
import { createVolume, type Volume } from '../core/volume.js';
import { hlutRangeHu, lookupRedRel, type Hlut } from './hlut.js';

/** Result of an HU → RED conversion: the volume plus how many voxels fell outside the table. */
export interface HuToRedResult {
  /** Same grid as the input; float32 RED (water = 1). */
  readonly red: Volume<'RED', Float32Array>;
  readonly belowRangeCount: number;
  readonly aboveRangeCount: number;
  /** One line per out-of-range family, for reports ('clamp' policy). */
  readonly warnings: readonly string[];
}

/** Counts voxels below / above the table (NaN counts as an error regardless of policy). */
export function countOutOfRange(hlut: Hlut, hu: ArrayLike<number>): { below: number; above: number } {
  const [lo, hi] = hlutRangeHu(hlut);
  let below = 0;
  let above = 0;
  for (let n = 0; n < hu.length; n++) {
    const v = hu[n] as number;
    if (v < lo) below++;
    else if (v > hi) above++;
    else if (Number.isNaN(v)) throw new NumericalError(`HU volume has NaN at voxel index ${n}`, { index: n });
  }
  return { below, above };
}

/** Applies the out-of-range policy: throws for 'error', returns warning lines for 'clamp'. */
export function outOfRangeWarnings(hlut: Hlut, below: number, above: number): string[] {
  const [lo, hi] = hlutRangeHu(hlut);
  if (below + above === 0) return [];
  const what = `${below} voxel(s) below ${lo} HU and ${above} above ${hi} HU (table '${hlut.provenance.id}')`;
  if (hlut.outOfRangePolicy === 'error')
    throw new NumericalError(`HU outside the HU→RED table: ${what}`, { below, above, rangeHu: [lo, hi] });
  return [`HU→RED: clamped ${what} to the end knots`];
}

/**
 * CPU reference (float64 arithmetic, float32 output): RED per voxel by piecewise-linear interpolation.
 * Also the production path on small grids. Memory order is the input's (i fastest).
 */
export function huToRedReference(hu: Volume<'HU'>, hlut: Hlut): HuToRedResult {
  const { below, above } = countOutOfRange(hlut, hu.data);
  const warnings = outOfRangeWarnings(hlut, below, above);
  const out = new Float32Array(hu.data.length);
  for (let n = 0; n < out.length; n++) out[n] = lookupRedRel(hlut, hu.data[n] as number);
  return {
    red: createVolume(hu.grid, 'RED', out),
    belowRangeCount: below,
    aboveRangeCount: above,
    warnings,
  };
}
