/**
 * Percentiles (0..100) by linear interpolation between order statistics: numpy's default
 * (`np.percentile(..., method='linear')`), so that training (Python) and inference (here) normalise alike.
 * Sorts `values` in place (pass a copy); NaN for an empty array.
 */
export function percentilesOf(values: Float32Array, ps: readonly number[]): number[] {
  values.sort();
  return ps.map((p) => {
    if (values.length === 0) return NaN;
    const rank = (p / 100) * (values.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(lo + 1, values.length - 1);
    const a = values[lo] as number;
    const b = values[hi] as number;
    return a + (b - a) * (rank - lo);
  });
}

/** One percentile (see percentilesOf); sorts `values` in place. */
export const percentileOf = (values: Float32Array, p: number): number =>
  percentilesOf(values, [p])[0] as number;
