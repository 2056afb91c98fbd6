import { assertLength } from './invariant.js';
import { type Grid3, voxelCount } from './grid.js';

/** Quantity tags. 'HU' CT numbers, 'RED' relative electron density (water = 1), 'Gy' absorbed dose. */
export type Quantity = 'MR' | 'HU' | 'RED' | 'Gy' | 'gamma' | 'mask' | 'label';

export type VoxelArray =
  Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * A scalar volume: `data[i + nx * (j + ny * k)]` is the value at voxel (i, j, k) of `grid`
 * (i fastest; matches DICOM frames and gpu.js `input(data, [nx, ny, nz])`).
 * The quantity tag keeps `Volume<'HU'>` from being passed where `Volume<'RED'>` is expected.
 */
export interface Volume<Q extends Quantity = Quantity, A extends VoxelArray = VoxelArray> {
  readonly grid: Grid3;
  readonly quantity: Q;
  readonly data: A;
}

/** Builds a volume after checking that `data` has one value per voxel. */
export function createVolume<Q extends Quantity, A extends VoxelArray>(
  grid: Grid3,
  quantity: Q,
  data: A,
): Volume<Q, A> {
  assertLength(data, voxelCount(grid), `${quantity} volume data`);
  return { grid, quantity, data };
}

/** A zero-filled Float32 volume on `grid`. */
export function zerosVolume<Q extends Quantity>(grid: Grid3, quantity: Q): Volume<Q, Float32Array> {
  return { grid, quantity, data: new Float32Array(voxelCount(grid)) };
}

/** Same grid and data, new quantity tag: for explicit, documented reinterpretations only. */
export function retagVolume<Q extends Quantity, A extends VoxelArray>(
  volume: Volume<Quantity, A>,
  quantity: Q,
): Volume<Q, A> {
  return { grid: volume.grid, quantity, data: volume.data };
}

/** Min and max over all voxels, ignoring NaN. Returns NaN, NaN for an all-NaN volume. */
export function valueRange(data: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? { min: NaN, max: NaN } : { min, max };
}

/** Converts any voxel array to Float32 (copies). */
export const toFloat32 = (data: ArrayLike<number>): Float32Array => Float32Array.from(data);
