import type { Grid3, Size3 } from '../core/grid.js';
import { GeometryError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';

/**
 * A label raster the anatomy is painted into: one byte per voxel, memory order i fastest
 * (index = i + nx * (j + ny * k)), on an axis-aligned grid (+i = L, +j = P, +k = S), voxel centres at
 * originLpsMm + index · spacingMm. Phantom grids are always axis-aligned, which lets the painters walk
 * bounding boxes with plain index arithmetic.
 */
export interface Canvas {
  readonly size: Size3;
  readonly spacingMm: Vec3;
  readonly originLpsMm: Vec3;
  readonly data: Uint8Array;
}

/** A 256-entry table: `table[v] === 1` when a voxel currently holding value v may be painted over. */
export type OverwriteTable = Uint8Array;

/** The overwrite table allowing exactly `values`. */
export function overwritable(values: readonly number[]): OverwriteTable {
  const table = new Uint8Array(256);
  for (const v of values) table[v] = 1;
  return table;
}

/** Any value may be painted over. */
export const OVERWRITE_ANY: OverwriteTable = new Uint8Array(256).fill(1);

/** A zeroed canvas on an axis-aligned grid (throws GeometryError for oblique grids). */
export function createCanvas(grid: Grid3): Canvas {
  const [a, b, c] = grid.axes;
  if (a[0] !== 1 || b[1] !== 1 || c[2] !== 1) {
    throw new GeometryError('phantom canvases need identity axes (+i = L, +j = P, +k = S)', {
      axes: grid.axes,
    });
  }
  return {
    size: grid.size,
    spacingMm: grid.spacingMm,
    originLpsMm: grid.originLpsMm,
    data: new Uint8Array(grid.size[0] * grid.size[1] * grid.size[2]),
  };
}

/** A canvas of the same geometry with fresh, zeroed data. */
export const blankLike = (canvas: Canvas): Canvas => ({
  size: canvas.size,
  spacingMm: canvas.spacingMm,
  originLpsMm: canvas.originLpsMm,
  data: new Uint8Array(canvas.data.length),
});

/** Inclusive index range [lo, hi] along axis d of voxel centres within [minMm, maxMm]; lo > hi when empty. */
export function indexRange(canvas: Canvas, d: 0 | 1 | 2, minMm: number, maxMm: number): [number, number] {
  const o = canvas.originLpsMm[d];
  const s = canvas.spacingMm[d];
  const lo = Math.max(0, Math.ceil((minMm - o) / s));
  const hi = Math.min(canvas.size[d] - 1, Math.floor((maxMm - o) / s));
  return [lo, hi];
}
