/**
 * Area coverage of a set of closed polygons on one plane, by the even-odd rule (a point is inside when a ray
 * from it crosses the polygons' edges an odd number of times), so holes drawn as inner polygons and several
 * disjoint polygons on a plane are both handled, whatever their orientation.
 *
 * Coordinates are continuous voxel indices (x = i, y = j); voxel (i, j) covers [i−½, i+½] × [j−½, j+½].
 * Each voxel row is cut into `subRows` horizontal lines at the sub-row midpoints; along each line the inside
 * intervals are exact, and their overlap with each voxel is added exactly — exact in x, midpoint rule in y.
 */
export interface CoverageWindow {
  /** Inclusive voxel ranges of the window. */
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
}

/**
 * Adds `weight` × covered area fraction of each voxel of `window` into `out` (row-major, i fastest, width
 * i1 − i0 + 1). `polygons`: flat [x0, y0, x1, y1, …] per polygon, closing edge implicit.
 */
export function addPolygonCoverage(
  polygons: readonly Float64Array[],
  window: CoverageWindow,
  subRows: number,
  weight: number,
  out: Float32Array,
): void {
  const { i0, i1, j0, j1 } = window;
  const width = i1 - i0 + 1;
  const lines = (j1 - j0 + 1) * subRows;
  const crossings: number[][] = Array.from({ length: lines }, () => []);
  const yOf = (line: number): number => j0 - 0.5 + (line + 0.5) / subRows;
  for (const poly of polygons) {
    const nv = poly.length / 2;
    for (let v = 0; v < nv; v++) {
      const w = (v + 1) % nv;
      const xa = poly[2 * v] as number;
      const ya = poly[2 * v + 1] as number;
      const xb = poly[2 * w] as number;
      const yb = poly[2 * w + 1] as number;
      if (ya === yb) continue;
      const yLo = Math.min(ya, yb);
      const yHi = Math.max(ya, yb);
      // Lines with yLo ≤ y < yHi (half-open, so a vertex shared by two edges counts once).
      const first = Math.max(0, Math.ceil((yLo - (j0 - 0.5)) * subRows - 0.5));
      const last = Math.min(lines - 1, Math.ceil((yHi - (j0 - 0.5)) * subRows - 0.5) - 1);
      for (let line = first; line <= last; line++) {
        const y = yOf(line);
        if (y < yLo || y >= yHi) continue;
        (crossings[line] as number[]).push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
      }
    }
  }
  const lineWeight = weight / subRows;
  const xMin = i0 - 0.5;
  const xMax = i1 + 0.5;
  for (let line = 0; line < lines; line++) {
    const xs = crossings[line] as number[];
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    const rowBase = Math.floor(line / subRows) * width;
    for (let c = 0; c + 1 < xs.length; c += 2) {
      const a = Math.max(xMin, xs[c] as number);
      const b = Math.min(xMax, xs[c + 1] as number);
      if (b > a) addInterval(out, rowBase - i0, a, b, lineWeight);
    }
  }
}

/** Adds the overlap of [a, b] with each voxel [i−½, i+½] (times w) at out[base + i]. */
function addInterval(out: Float32Array, base: number, a: number, b: number, w: number): void {
  const ia = Math.floor(a + 0.5);
  const ib = Math.min(Math.floor(b + 0.5), Math.ceil(b - 0.5));
  if (ia >= ib) {
    out[base + ia] = (out[base + ia] as number) + (b - a) * w;
    return;
  }
  out[base + ia] = (out[base + ia] as number) + (ia + 0.5 - a) * w;
  for (let i = ia + 1; i < ib; i++) out[base + i] = (out[base + i] as number) + w;
  out[base + ib] = (out[base + ib] as number) + (b - (ib - 0.5)) * w;
}
