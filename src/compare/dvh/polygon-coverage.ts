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
  // Crossings per sub-row line in CSR layout (counted, then filled): no per-line arrays.
  const start = new Int32Array(lines + 1);
  forEachCrossing(polygons, j0, subRows, lines, (line) => {
    start[line + 1] = (start[line + 1] as number) + 1;
  });
  for (let line = 0; line < lines; line++)
    start[line + 1] = (start[line + 1] as number) + (start[line] as number);
  const xs = new Float64Array(start[lines] as number);
  const fill = start.slice(0, lines);
  forEachCrossing(polygons, j0, subRows, lines, (line, x) => {
    xs[fill[line] as number] = x;
    fill[line] = (fill[line] as number) + 1;
  });
  const lineWeight = weight / subRows;
  const xMin = i0 - 0.5;
  const xMax = i1 + 0.5;
  // Fully covered voxels of a line go into a difference array, summed once per voxel row: O(crossings + width).
  const runs = new Float64Array(width + 1);
  for (let row = 0; row * subRows < lines; row++) {
    runs.fill(0);
    const rowBase = row * width;
    for (let line = row * subRows; line < (row + 1) * subRows; line++) {
      const from = start[line] as number;
      const to = start[line + 1] as number;
      if (to - from < 2) continue;
      sortRange(xs, from, to);
      for (let c = from; c + 1 < to; c += 2) {
        const a = Math.max(xMin, xs[c] as number);
        const b = Math.min(xMax, xs[c + 1] as number);
        if (b > a) addInterval(out, runs, rowBase, i0, a, b, lineWeight);
      }
    }
    let acc = 0;
    for (let i = 0; i < width; i++) {
      acc += runs[i] as number;
      if (acc !== 0) out[rowBase + i] = (out[rowBase + i] as number) + acc;
    }
  }
}

/** Calls visit(line, x) for every crossing of a polygon edge with a sub-row line (half-open in y). */
function forEachCrossing(
  polygons: readonly Float64Array[],
  j0: number,
  subRows: number,
  lines: number,
  visit: (line: number, x: number) => void,
): void {
  const y0 = j0 - 0.5;
  for (const poly of polygons) {
    const nv = poly.length / 2;
    for (let v = 0; v < nv; v++) {
      const w = v + 1 === nv ? 0 : v + 1;
      const xa = poly[2 * v] as number;
      const ya = poly[2 * v + 1] as number;
      const xb = poly[2 * w] as number;
      const yb = poly[2 * w + 1] as number;
      if (ya === yb) continue;
      const yLo = Math.min(ya, yb);
      const yHi = Math.max(ya, yb);
      // Lines with yLo ≤ y < yHi (half-open, so a vertex shared by two edges counts once).
      const first = Math.max(0, Math.ceil((yLo - y0) * subRows - 0.5));
      const last = Math.min(lines - 1, Math.ceil((yHi - y0) * subRows - 0.5) - 1);
      const slope = (xb - xa) / (yb - ya);
      for (let line = first; line <= last; line++) {
        const y = y0 + (line + 0.5) / subRows;
        if (y < yLo || y >= yHi) continue;
        visit(line, xa + (y - ya) * slope);
      }
    }
  }
}

/** Insertion sort of xs[from, to): lines cross a handful of edges. */
function sortRange(xs: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = xs[i] as number;
    let j = i - 1;
    while (j >= from && (xs[j] as number) > v) {
      xs[j + 1] = xs[j] as number;
      j--;
    }
    xs[j + 1] = v;
  }
}

/**
 * Adds the overlap of [a, b] with each voxel [i−½, i+½] (times w): partial end voxels straight into
 * out[rowBase + i − i0], the fully covered ones as a run in the row's difference array.
 */
function addInterval(
  out: Float32Array,
  runs: Float64Array,
  rowBase: number,
  i0: number,
  a: number,
  b: number,
  w: number,
): void {
  const ia = Math.floor(a + 0.5);
  const ib = Math.min(Math.floor(b + 0.5), Math.ceil(b - 0.5));
  const base = rowBase - i0;
  if (ia >= ib) {
    out[base + ia] = (out[base + ia] as number) + (b - a) * w;
    return;
  }
  out[base + ia] = (out[base + ia] as number) + (ia + 0.5 - a) * w;
  if (ib > ia + 1) {
    runs[ia + 1 - i0] = (runs[ia + 1 - i0] as number) + w;
    runs[ib - i0] = (runs[ib - i0] as number) - w;
  }
  out[base + ib] = (out[base + ib] as number) + (b - (ib - 0.5)) * w;
}
