import { type Grid3, gridEquals } from '../core/grid.js';
import { resampleVolume } from '../core/resample.js';
import type { Volume } from '../core/volume.js';

/**
 * Trilinear resampling between the MR grid and the model grid (either direction) with core/resample.ts; target
 * voxels beyond the source's edge centres get `fillValue`. When both grids have the same voxel centres (within a
 * micrometre: the usual case of an MR already on the model's pitch and axes) the data are copied exactly.
 * Returns a new Float32Array in the target's memory order (i fastest).
 */
export function resampleOntoModelGrid(source: Volume, target: Grid3, fillValue: number): Float32Array {
  if (gridEquals(source.grid, target, 1e-6, 1e-9)) return Float32Array.from(source.data);
  const out = resampleVolume(source, target, { interpolation: 'trilinear', fillValue }).data;
  return out instanceof Float32Array ? out : Float32Array.from(out);
}
