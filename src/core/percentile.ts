/**
 * Percentiles (0..100) by linear interpolation between order statistics: numpy's default
 * (`np.percentile(..., method='linear')`), so that training (Python) and inference (here) normalise alike.
 * Reorders `values` in place (pass a copy); NaN for an empty array. O(n) per percentile (quickselect), so a
 * 256×256×100 MR costs tens of milliseconds rather than a full sort.
 */
export function percentilesOf(values: Float32Array | Float64Array, ps: readonly number[]): number[] {
  return ps.map((p) => {
    const n = values.length;
    if (n === 0) return NaN;
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const a = selectKth(values, lo);
    if (lo + 1 >= n || rank === lo) return a;
    // after selection everything right of lo is ≥ a: the next order statistic is their minimum
    let b = Infinity;
    for (let i = lo + 1; i < n; i++) if ((values[i] as number) < b) b = values[i] as number;
    return a + (b - a) * (rank - lo);
  });
}

/** One percentile (see percentilesOf); reorders `values` in place. */
export const percentileOf = (values: Float32Array | Float64Array, p: number): number =>
  percentilesOf(values, [p])[0] as number;

/**
 * The k-th smallest value (0-based); afterwards values[k] holds it, smaller-or-equal values lie left of k and
 * greater-or-equal right of it (Hoare partition quickselect with median-of-three pivots).
 */
function selectKth(a: Float32Array | Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >> 1;
    // median of three as pivot value
    const x = a[left] as number;
    const y = a[mid] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
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
    else return a[k] as number;
  }
  return a[k] as number;
}
