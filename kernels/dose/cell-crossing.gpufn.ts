/**
 * 3D DDA helpers (Amanatides & Woo 1987) for a segment a + t·d, t ∈ [0, 1], in cell coordinates where cell n spans
 * [n, n + 1). A zero direction component never crosses: its parameters are 2 (beyond the segment end, t = 1).
 */

/** Parameter t of the first cell-boundary crossing along one axis, from position `a` in cell `cell`. */
export function firstCellCrossing(a: number, cell: number, d: number): number {
  if (d > 0.0) {
    return (cell + 1.0 - a) / d;
  }
  if (d < 0.0) {
    return (a - cell) / -d;
  }
  return 2.0;
}

/** Parameter step between successive crossings along one axis. */
export function cellCrossingStep(d: number): number {
  if (d === 0.0) {
    return 2.0;
  }
  return 1.0 / Math.abs(d);
}
