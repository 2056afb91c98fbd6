import { type Grid3, gridEquals, voxelCount } from '../core/grid.js';
import { indexToLps, lpsToIndex } from '../core/transforms.js';
import { sub3, type Vec3 } from '../core/vec3.js';

/**
 * Coordinates within this many voxels of an integer are snapped to it, so grids whose centres coincide
 * (the common MR ↔ model-grid case) resample exactly instead of mixing in 1e-12 of a neighbour.
 */
const SNAP_VOXELS = 1e-6;

/**
 * Trilinear resampling of `data` (on `source`, i fastest) onto `target`, both in LPS mm. Target voxels whose
 * centre falls outside the source's voxel-centre box (beyond SNAP_VOXELS) get `fillValue`.
 * Float64 arithmetic, Float32 result. Memory: one Float32Array of the target's voxel count.
 * (Synthct-local until src/core/resample.ts lands; same contract.)
 */
export function resampleTrilinear(
  data: ArrayLike<number>,
  source: Grid3,
  target: Grid3,
  fillValue: number,
): Float32Array {
  // Same voxel centres (within a micrometre): a copy is the exact answer, and much faster.
  if (gridEquals(source, target, 1e-6, 1e-9)) return Float32Array.from(data);
  const out = new Float32Array(voxelCount(target));
  const [nx, ny, nz] = source.size;
  const [tx, ty, tz] = target.size;
  // Source index of target (0,0,0) and the index-space steps of target +i, +j, +k (affine, so exact).
  const o = lpsToIndex(source, indexToLps(target, [0, 0, 0]));
  const step = (ijk: Vec3): Vec3 => sub3(lpsToIndex(source, indexToLps(target, ijk)), o);
  const di = step([1, 0, 0]);
  const dj = step([0, 1, 0]);
  const dk = step([0, 0, 1]);
  const coord = (c: number, n: number): number => {
    const r = Math.round(c);
    const snapped = Math.abs(c - r) < SNAP_VOXELS ? r : c;
    return snapped < 0 || snapped > n - 1 ? NaN : snapped;
  };
  let idx = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      for (let i = 0; i < tx; i++, idx++) {
        const x = coord(o[0] + i * di[0] + j * dj[0] + k * dk[0], nx);
        const y = coord(o[1] + i * di[1] + j * dj[1] + k * dk[1], ny);
        const z = coord(o[2] + i * di[2] + j * dj[2] + k * dk[2], nz);
        out[idx] = Number.isNaN(x + y + z) ? fillValue : sampleAt(data, source.size, x, y, z);
      }
    }
  }
  return out;
}

/** Trilinear sample at in-range continuous index (x, y, z); integer coordinates read one voxel exactly. */
function sampleAt(data: ArrayLike<number>, size: Grid3['size'], x: number, y: number, z: number): number {
  const [nx, ny] = size;
  const x0 = Math.min(Math.floor(x), size[0] - 1);
  const y0 = Math.min(Math.floor(y), size[1] - 1);
  const z0 = Math.min(Math.floor(z), size[2] - 1);
  const fx = x - x0;
  const fy = y - y0;
  const fz = z - z0;
  const base = x0 + nx * (y0 + ny * z0);
  if (fx === 0 && fy === 0 && fz === 0) return data[base] as number;
  const sx = fx > 0 ? 1 : 0;
  const sy = fy > 0 ? nx : 0;
  const sz = fz > 0 ? nx * ny : 0;
  const v = (off: number): number => data[base + off] as number;
  const c00 = v(0) * (1 - fx) + v(sx) * fx;
  const c10 = v(sy) * (1 - fx) + v(sy + sx) * fx;
  const c01 = v(sz) * (1 - fx) + v(sz + sx) * fx;
  const c11 = v(sz + sy) * (1 - fx) + v(sz + sy + sx) * fx;
  const c0 = c00 * (1 - fy) + c10 * fy;
  const c1 = c01 * (1 - fy) + c11 * fy;
  return c0 * (1 - fz) + c1 * fz;
}
