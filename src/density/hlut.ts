import { InputError } from '../core/errors.js';

/**
 * HU → relative electron density (RED, water = 1) tables: piecewise-linear between calibration knots.
 * The CT and the sCT always go through the same table, so a dose difference comes from the images alone.
 */

/** What happens to HU outside [first knot, last knot]. */
export type OutOfRangePolicy = 'clamp' | 'error';

/** Where a table comes from: enough to reproduce and cite it. */
export interface HlutProvenance {
  /** Stable id, e.g. 'matrad-default' or the file name of a user table. */
  readonly id: string;
  /** Version of the table content (built-ins are versioned; user files get '1' unless stated). */
  readonly version: string;
  readonly name: string;
  /** Scanner / kVp, or 'generic'. */
  readonly scanner: string;
  /** Where the numbers come from (file path for user tables). */
  readonly source: string;
  readonly citation?: string;
}

/** A validated table. Knot arrays are parallel, HU strictly increasing, RED positive and finite. */
export interface Hlut {
  readonly provenance: HlutProvenance;
  readonly knotsHu: Float64Array;
  readonly knotsRedRel: Float64Array;
  readonly outOfRangePolicy: OutOfRangePolicy;
}

/** Validates knots and builds a table; throws InputError naming the first bad knot. */
export function createHlut(
  provenance: HlutProvenance,
  knots: readonly { readonly hu: number; readonly redRel: number }[],
  outOfRangePolicy: OutOfRangePolicy = 'clamp',
): Hlut {
  if (knots.length < 2)
    throw new InputError(`HU→RED table '${provenance.id}' needs at least 2 knots, got ${knots.length}`);
  knots.forEach((k, n) => {
    if (!Number.isFinite(k.hu) || !Number.isFinite(k.redRel))
      throw new InputError(
        `HU→RED table '${provenance.id}': knot ${n} is not finite (${k.hu}, ${k.redRel})`,
        {
          knot: n,
        },
      );
    if (!(k.redRel > 0))
      throw new InputError(
        `HU→RED table '${provenance.id}': RED must be positive, knot ${n} (HU ${k.hu}) has ${k.redRel}`,
        { knot: n },
      );
    const prev = knots[n - 1];
    if (prev !== undefined && !(k.hu > prev.hu))
      throw new InputError(
        `HU→RED table '${provenance.id}': HU knots must be strictly increasing, knot ${n} (${k.hu}) follows ${prev.hu}`,
        { knot: n },
      );
  });
  if (outOfRangePolicy !== 'clamp' && outOfRangePolicy !== 'error')
    throw new InputError(
      `HU→RED table '${provenance.id}': unknown out-of-range policy '${String(outOfRangePolicy)}'`,
    );
  return {
    provenance,
    knotsHu: Float64Array.from(knots, (k) => k.hu),
    knotsRedRel: Float64Array.from(knots, (k) => k.redRel),
    outOfRangePolicy,
  };
}

/** The same table with another out-of-range policy. */
export const withOutOfRangePolicy = (hlut: Hlut, policy: OutOfRangePolicy): Hlut => ({
  ...hlut,
  outOfRangePolicy: policy,
});

/**
 * RED of one HU value (float64), clamping outside the table (callers count/refuse out-of-range values).
 * Binary search over the knots, then linear interpolation.
 */
export function lookupRedRel(hlut: Hlut, hu: number): number {
  const xs = hlut.knotsHu;
  const ys = hlut.knotsRedRel;
  const last = xs.length - 1;
  if (hu <= (xs[0] as number)) return ys[0] as number;
  if (hu >= (xs[last] as number)) return ys[last] as number;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= hu) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo] as number;
  const x1 = xs[hi] as number;
  const t = (hu - x0) / (x1 - x0);
  return (ys[lo] as number) + t * ((ys[hi] as number) - (ys[lo] as number));
}

/** HU range covered by the table: [first knot, last knot]. */
export const hlutRangeHu = (hlut: Hlut): readonly [number, number] => [
  hlut.knotsHu[0] as number,
  hlut.knotsHu[hlut.knotsHu.length - 1] as number,
];
