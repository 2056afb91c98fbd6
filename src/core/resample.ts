import { GeometryError, NumericalError } from './errors.js';
import type { Grid3 } from './grid.js';
import { lpsToIndex } from './transforms.js';
import type { Vec3 } from './vec3.js';
import { type Quantity, type Volume, type VoxelArray } from './volume.js';

/** 'nearest' copies the closest source voxel; 'trilinear' blends the 8 surrounding voxel centres. */
export type Interpolation = 'nearest' | 'trilinear';

export interface ResampleOptions {
  readonly interpolation: Interpolation;
  /**
   * Value given to target voxels whose centre falls outside the source (e.g. −1000 HU for CT, 0 Gy for dose).
   * Nearest: outside means more than half a voxel beyond the edge centres; trilinear: beyond the edge centres.
   */
  readonly fillValue: number;
  /** Called with the fraction done (0..1) after each target slice. */
  readonly onProgress?: (fractionDone: number) => void;
}

/** Source positions within this many voxels outside the edge centres count as on the edge (float round-off). */
const EDGE_SNAP_VOXELS = 1e-6;

/**
 * Resamples `source` onto `target` (CPU reference, float64 arithmetic). Each target voxel centre is mapped to
 * continuous source ijk through patient LPS, so any pair of grids works: shifted, flipped, rotated, anisotropic.
 * Output memory order is the target's (i fastest). Nearest keeps the source's array type (the fill value is
 * converted to it); trilinear returns Float32Array, or Float64Array for a Float64Array source.
 *
 * @throws GeometryError when both grids name a frame of reference and they differ.
 */
export function resampleVolume<Q extends Quantity>(
  source: Volume<Q>,
  target: Grid3,
  options: ResampleOptions,
): Volume<Q> {
  const a = source.grid.frameOfReferenceUid;
  const b = target.frameOfReferenceUid;
  if (a !== '' && b !== '' && a !== b)
    throw new GeometryError(`cannot resample across frames of reference (${a} → ${b})`, {
      source: a,
      target: b,
    });
  checkFillRepresentable(source.data, options);
  const map = indexMapping(source.grid, target);
  const [nx, ny, nz] = target.size;
  const out = allocateOutput(source.data, options.interpolation, nx * ny * nz);
  const sample = options.interpolation === 'nearest' ? sampleNearestRow : sampleTrilinearRow;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const start: Vec3 = [
        map.base[0] + j * map.dj[0] + k * map.dk[0],
        map.base[1] + j * map.dj[1] + k * map.dk[1],
        map.base[2] + j * map.dj[2] + k * map.dk[2],
      ];
      sample(source, start, map.di, nx, options.fillValue, out, nx * (j + ny * k));
    }
    options.onProgress?.((k + 1) / nz);
  }
  return { grid: target, quantity: source.quantity, data: out };
}

/** Source ijk of target voxel (i,j,k) = base + i·di + j·dj + k·dk (the composition of two affines). */
function indexMapping(source: Grid3, target: Grid3): { base: Vec3; di: Vec3; dj: Vec3; dk: Vec3 } {
  const base = lpsToIndex(source, target.originLpsMm);
  const step = (d: 0 | 1 | 2): Vec3 => {
    const s = target.spacingMm[d];
    const axis = target.axes[d];
    const p: Vec3 = [
      source.originLpsMm[0] + axis[0] * s,
      source.originLpsMm[1] + axis[1] * s,
      source.originLpsMm[2] + axis[2] * s,
    ];
    return lpsToIndex(source, p);
  };
  return { base, di: step(0), dj: step(1), dk: step(2) };
}

/** Nearest keeps integer arrays, so the fill must fit them (−1000 in a Uint8Array would silently wrap). */
function checkFillRepresentable(data: VoxelArray, options: ResampleOptions): void {
  if (options.interpolation !== 'nearest' || Number.isNaN(options.fillValue)) return;
  const probe = new (data.constructor as new (n: number) => VoxelArray)(1);
  probe[0] = options.fillValue;
  if (probe[0] !== options.fillValue && !(data instanceof Float32Array))
    throw new NumericalError(
      `fill value ${options.fillValue} does not fit the source's ${data.constructor.name} voxels`,
      { fillValue: options.fillValue },
    );
}

function allocateOutput(data: VoxelArray, interpolation: Interpolation, n: number): VoxelArray {
  if (interpolation === 'nearest') return new (data.constructor as new (n: number) => VoxelArray)(n);
  return data instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** Snaps coordinates within EDGE_SNAP_VOXELS of [lo, hi] onto the interval; NaN marks "outside". */
function snap(x: number, lo: number, hi: number): number {
  if (x >= lo && x <= hi) return x;
  if (x >= lo - EDGE_SNAP_VOXELS && x < lo) return lo;
  if (x <= hi + EDGE_SNAP_VOXELS && x > hi) return hi;
  return NaN;
}

function sampleNearestRow(
  source: Volume,
  start: Vec3,
  di: Vec3,
  count: number,
  fill: number,
  out: VoxelArray,
  outOffset: number,
): void {
  const [nx, ny, nz] = source.grid.size;
  const data = source.data;
  for (let i = 0; i < count; i++) {
    // Nearest covers ±half a voxel around the edge centres.
    const x = Math.floor(snap(start[0] + i * di[0], -0.5, nx - 0.5) + 0.5);
    const y = Math.floor(snap(start[1] + i * di[1], -0.5, ny - 0.5) + 0.5);
    const z = Math.floor(snap(start[2] + i * di[2], -0.5, nz - 0.5) + 0.5);
    // x === nx happens only for a point exactly on the outer half-voxel boundary: keep it inside.
    out[outOffset + i] =
      x >= 0 && y >= 0 && z >= 0
        ? (data[Math.min(x, nx - 1) + nx * (Math.min(y, ny - 1) + ny * Math.min(z, nz - 1))] as number)
        : fill;
  }
}

function sampleTrilinearRow(
  source: Volume,
  start: Vec3,
  di: Vec3,
  count: number,
  fill: number,
  out: VoxelArray,
  outOffset: number,
): void {
  const [nx, ny, nz] = source.grid.size;
  const data = source.data;
  const sliceStride = nx * ny;
  for (let i = 0; i < count; i++) {
    const x = snap(start[0] + i * di[0], 0, nx - 1);
    const y = snap(start[1] + i * di[1], 0, ny - 1);
    const z = snap(start[2] + i * di[2], 0, nz - 1);
    if (!(x === x && y === y && z === z)) {
      out[outOffset + i] = fill;
      continue;
    }
    // Lower corner; on the last centre the upper neighbour is the same voxel (weight 0 anyway).
    const x0 = Math.min(Math.floor(x), nx - 1);
    const y0 = Math.min(Math.floor(y), ny - 1);
    const z0 = Math.min(Math.floor(z), nz - 1);
    const fx = x - x0;
    const fy = y - y0;
    const fz = z - z0;
    const sx = x0 + 1 < nx ? 1 : 0;
    const sy = y0 + 1 < ny ? nx : 0;
    const sz = z0 + 1 < nz ? sliceStride : 0;
    const p = x0 + nx * y0 + sliceStride * z0;
    const c00 = (data[p] as number) * (1 - fx) + (data[p + sx] as number) * fx;
    const c10 = (data[p + sy] as number) * (1 - fx) + (data[p + sy + sx] as number) * fx;
    const c01 = (data[p + sz] as number) * (1 - fx) + (data[p + sz + sx] as number) * fx;
    const c11 = (data[p + sz + sy] as number) * (1 - fx) + (data[p + sz + sy + sx] as number) * fx;
    const c0 = c00 * (1 - fy) + c10 * fy;
    const c1 = c01 * (1 - fy) + c11 * fy;
    out[outOffset + i] = c0 * (1 - fz) + c1 * fz;
  }
}
