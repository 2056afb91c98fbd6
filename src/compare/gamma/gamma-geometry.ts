import type { Grid3 } from '../../core/grid.js';
import { indexToLps, lpsToIndex } from '../../core/transforms.js';
import type { Vec3 } from '../../core/vec3.js';
import type { GammaCriteria } from './gamma-options.js';

/**
 * The search lattice and the reference → evaluated index map shared by every gamma backend.
 *
 * Offsets lie on a cubic lattice of pitch `searchStepMm` along the REFERENCE grid's axes, restricted to the
 * ball of radius `searchRadiusMm`, and only along axes where the reference grid has more than one voxel (so a
 * 200×200×1 grid gets a 2D search and 200×1×1 a 1D one). They are sorted by distance: the search visits
 * shells of increasing distance and stops as soon as the distance term alone reaches the best γ² found
 * (the PyMedPhys shell idea, on a lattice instead of spherical shells).
 */
export interface GammaSearchLattice {
  /** Number of offsets (≥ 1; offset 0 is the zero vector). */
  readonly count: number;
  /** Offsets in mm along the reference axes i, j, k: 3 per offset. */
  readonly offsetsMm: Float64Array;
  /** Squared distance over DTA² per offset, non-decreasing. */
  readonly distSqOverDtaSq: Float64Array;
  /** Integer lattice coordinates (a, b, c) per offset: offset = step · (a, b, c). */
  readonly latticeAbc: Int32Array;
}

/** Axes along which the reference grid extends (size > 1): the dimensionality of the gamma search. */
export const activeAxes = (grid: Grid3): readonly [boolean, boolean, boolean] => [
  grid.size[0] > 1,
  grid.size[1] > 1,
  grid.size[2] > 1,
];

/** Builds the sorted lattice of search offsets for `criteria` on the reference grid `ref`. */
export function buildSearchLattice(ref: Grid3, criteria: GammaCriteria): GammaSearchLattice {
  const active = activeAxes(ref);
  const n = Math.floor(criteria.searchRadiusMm / criteria.searchStepMm + 1e-9);
  const range = (d: number): number => (active[d] ? n : 0);
  const maxSq = n * n + 1e-9;
  const entries: { abc: Vec3; sq: number }[] = [];
  for (let c = -range(2); c <= range(2); c++)
    for (let b = -range(1); b <= range(1); b++)
      for (let a = -range(0); a <= range(0); a++) {
        const sq = a * a + b * b + c * c;
        if (sq <= maxSq) entries.push({ abc: [a, b, c], sq });
      }
  // Deterministic order: distance, then lattice position (ties do not change the minimum, only the visit order).
  entries.sort((x, y) => x.sq - y.sq || x.abc[2] - y.abc[2] || x.abc[1] - y.abc[1] || x.abc[0] - y.abc[0]);
  const count = entries.length;
  const offsetsMm = new Float64Array(3 * count);
  const distSqOverDtaSq = new Float64Array(count);
  const latticeAbc = new Int32Array(3 * count);
  const step = criteria.searchStepMm;
  const invDtaSq = 1 / (criteria.distanceMm * criteria.distanceMm);
  entries.forEach((e, m) => {
    for (let d = 0; d < 3; d++) {
      const a = e.abc[d] as number;
      latticeAbc[3 * m + d] = a;
      offsetsMm[3 * m + d] = a * step;
    }
    distSqOverDtaSq[m] = e.sq * step * step * invDtaSq;
  });
  return { count, offsetsMm, distSqOverDtaSq, latticeAbc };
}

/**
 * Affine map from continuous reference ijk to continuous evaluated ijk: evalIjk = linear · refIjk + shift.
 * `linear` is row-major 3×3 (row r = evaluated index r). Also maps mm offsets along the reference axes to
 * evaluated index deltas (`offsetLinear`, row-major 3×3).
 */
export interface RefToEvalMap {
  readonly linear: Float64Array;
  readonly shift: Vec3;
  readonly offsetLinear: Float64Array;
}

export function refToEvalMap(ref: Grid3, evaluated: Grid3): RefToEvalMap {
  const origin = lpsToIndex(evaluated, ref.originLpsMm);
  const linear = new Float64Array(9);
  const offsetLinear = new Float64Array(9);
  for (let d = 0; d < 3; d++) {
    const unit: [number, number, number] = [0, 0, 0];
    unit[d] = 1;
    const p = lpsToIndex(evaluated, indexToLps(ref, unit));
    const axis = ref.axes[d] as Vec3;
    const q = lpsToIndex(evaluated, [
      evaluated.originLpsMm[0] + axis[0],
      evaluated.originLpsMm[1] + axis[1],
      evaluated.originLpsMm[2] + axis[2],
    ]);
    for (let r = 0; r < 3; r++) {
      linear[3 * r + d] = (p[r] as number) - (origin[r] as number);
      offsetLinear[3 * r + d] = q[r] as number;
    }
  }
  return { linear, shift: origin, offsetLinear };
}

/**
 * Trilinear sample of `data` (grid `size`, i fastest) at continuous index (x, y, z), or NaN outside the hull of
 * voxel centres. Along an axis of size 1 the single slice is used for |index| ≤ 0.5 (a 2D plane is a slab).
 */
export function sampleTrilinear(
  data: ArrayLike<number>,
  size: readonly [number, number, number],
  x: number,
  y: number,
  z: number,
): number {
  const [nx, ny, nz] = size;
  const eps = 1e-9;
  if (!inAxis(x, nx, eps) || !inAxis(y, ny, eps) || !inAxis(z, nz, eps)) return NaN;
  const [i0, fx, sx] = cellOf(x, nx);
  const [j0, fy, sy] = cellOf(y, ny);
  const [k0, fz, sz] = cellOf(z, nz);
  const base = i0 + nx * (j0 + ny * k0);
  const sY = nx * sy;
  const sZ = nx * ny * sz;
  const v = (o: number): number => data[base + o] as number;
  const c00 = v(0) + fx * (v(sx) - v(0));
  const c10 = v(sY) + fx * (v(sY + sx) - v(sY));
  const c01 = v(sZ) + fx * (v(sZ + sx) - v(sZ));
  const c11 = v(sZ + sY) + fx * (v(sZ + sY + sx) - v(sZ + sY));
  const c0 = c00 + fy * (c10 - c00);
  const c1 = c01 + fy * (c11 - c01);
  return c0 + fz * (c1 - c0);
}

const inAxis = (x: number, n: number, eps: number): boolean =>
  n === 1 ? Math.abs(x) <= 0.5 + eps : x >= -eps && x <= n - 1 + eps;

/** Lower corner, fraction and stride (0 or 1) along one axis; clamps so corner+stride stays in range. */
function cellOf(x: number, n: number): [number, number, number] {
  if (n === 1) return [0, 0, 0];
  let i0 = Math.floor(x);
  if (i0 < 0) i0 = 0;
  if (i0 > n - 2) i0 = n - 2;
  const f = x - i0;
  return [i0, f < 0 ? 0 : f > 1 ? 1 : f, 1];
}
