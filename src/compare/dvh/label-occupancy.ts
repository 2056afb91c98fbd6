import { GeometryError, InputError } from '../../core/errors.js';
import { type Grid3, gridEquals } from '../../core/grid.js';
import { indexToLps, lpsToIndex } from '../../core/transforms.js';
import type { Volume } from '../../core/volume.js';
import type { StructureOccupancy } from './occupancy.js';

/**
 * Occupancy of label value `label` of a label/mask volume on the dose grid `grid`.
 * Same grid: occupancy 1 where the label matches. Another grid (same frame): each dose voxel is sampled at
 * `samplesPerAxis`³ sub-voxel points, each taking the nearest label voxel (points outside the label grid count
 * as background), and the fraction of matching points is its occupancy.
 */
export function labelOccupancy(
  labels: Volume<'label' | 'mask'>,
  label: number,
  grid: Grid3,
  name: string,
  samplesPerAxis = 3,
): StructureOccupancy {
  if (!Number.isInteger(label) || label < 1)
    throw new InputError(`label value must be an integer ≥ 1, got ${label}`);
  const lf = labels.grid.frameOfReferenceUid;
  if (lf !== '' && grid.frameOfReferenceUid !== '' && lf !== grid.frameOfReferenceUid)
    throw new GeometryError(
      `label volume and dose grid are in different frames of reference (${lf} vs ${grid.frameOfReferenceUid})`,
    );
  if (gridEquals(labels.grid, grid)) {
    const indices: number[] = [];
    for (let n = 0; n < labels.data.length; n++) if (labels.data[n] === label) indices.push(n);
    return occupancyOf(name, grid, indices, new Array<number>(indices.length).fill(1), []);
  }
  return resampledOccupancy(labels, label, grid, name, samplesPerAxis);
}

const occupancyOf = (
  name: string,
  grid: Grid3,
  indices: number[],
  fractions: number[],
  warnings: string[],
): StructureOccupancy => ({
  name,
  grid,
  indices: Uint32Array.from(indices),
  fractions: Float32Array.from(fractions),
  warnings,
});

/** Different grids: fraction of s³ sub-voxel points of each dose voxel whose nearest label voxel matches. */
function resampledOccupancy(
  labels: Volume<'label' | 'mask'>,
  label: number,
  grid: Grid3,
  name: string,
  s: number,
): StructureOccupancy {
  const box = labelBoxOnGrid(labels, label, grid);
  if (!box) return occupancyOf(name, grid, [], [], [`${name}: label ${label} is empty`]);
  const [i0, j0, k0, i1, j1, k1] = box;
  const [nx, ny] = grid.size;
  const indices: number[] = [];
  const fractions: number[] = [];
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const hits = countHits(labels, label, grid, [i, j, k], s);
        if (hits > 0) {
          indices.push(i + nx * (j + ny * k));
          fractions.push(hits / (s * s * s));
        }
      }
  return occupancyOf(name, grid, indices, fractions, []);
}

/** Number of the s³ sub-voxel points of dose voxel `ijk` whose nearest label voxel holds `label`. */
function countHits(
  labels: Volume<'label' | 'mask'>,
  label: number,
  grid: Grid3,
  ijk: readonly [number, number, number],
  s: number,
): number {
  const [lx, ly, lz] = labels.grid.size;
  let hits = 0;
  for (let c = 0; c < s * s * s; c++) {
    const sub: [number, number, number] = [
      ijk[0] - 0.5 + ((c % s) + 0.5) / s,
      ijk[1] - 0.5 + ((Math.floor(c / s) % s) + 0.5) / s,
      ijk[2] - 0.5 + (Math.floor(c / (s * s)) + 0.5) / s,
    ];
    const q = lpsToIndex(labels.grid, indexToLps(grid, sub));
    const a = Math.round(q[0]);
    const b = Math.round(q[1]);
    const e = Math.round(q[2]);
    const inside = a >= 0 && b >= 0 && e >= 0 && a < lx && b < ly && e < lz;
    if (inside && labels.data[a + lx * (b + ly * e)] === label) hits++;
  }
  return hits;
}

/** Inclusive dose-grid index box [i0, j0, k0, i1, j1, k1] around the label's voxels, or undefined when empty. */
type IndexBox = [number, number, number, number, number, number];

function labelBoxOnGrid(labels: Volume<'label' | 'mask'>, label: number, grid: Grid3): IndexBox | undefined {
  const [lx, ly] = labels.grid.size;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let n = 0; n < labels.data.length; n++) {
    if (labels.data[n] !== label) continue;
    const ijk = [n % lx, Math.floor(n / lx) % ly, Math.floor(n / (lx * ly))];
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d] as number, ijk[d] as number);
      hi[d] = Math.max(hi[d] as number, ijk[d] as number);
    }
  }
  if (lo[0] === Infinity) return undefined;
  const out: IndexBox = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const corner: [number, number, number] = [
      c & 1 ? (hi[0] as number) + 0.5 : (lo[0] as number) - 0.5,
      c & 2 ? (hi[1] as number) + 0.5 : (lo[1] as number) - 0.5,
      c & 4 ? (hi[2] as number) + 0.5 : (lo[2] as number) - 0.5,
    ];
    const q = lpsToIndex(grid, indexToLps(labels.grid, corner));
    for (let d = 0; d < 3; d++) {
      out[d] = Math.min(out[d] as number, Math.floor(q[d] as number));
      out[d + 3] = Math.max(out[d + 3] as number, Math.ceil(q[d] as number));
    }
  }
  for (let d = 0; d < 3; d++) {
    out[d] = Math.max(0, out[d] as number);
    out[d + 3] = Math.min((grid.size[d] as number) - 1, out[d + 3] as number);
  }
  return out;
}
