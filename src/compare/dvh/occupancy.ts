import type { Grid3 } from '../../core/grid.js';

/**
 * A structure on a dose grid as fractional occupancy, stored sparsely: voxel `indices[n]` (flat, i fastest on
 * `grid`) is filled to `fractions[n]` ∈ (0, 1]. Sparse because 20 structures × 5 M voxels of dense floats would
 * need 400 MB; a structure touches only its bounding box.
 */
export interface StructureOccupancy {
  readonly name: string;
  readonly grid: Grid3;
  /** Flat voxel indices, strictly increasing. */
  readonly indices: Uint32Array;
  /** Occupied fraction of each listed voxel, (0, 1]. */
  readonly fractions: Float32Array;
  /** Non-fatal notes (structure partly outside the grid, …); they travel into reports. */
  readonly warnings: readonly string[];
}

/** Occupied volume in cm³ (Σ fractions × voxel volume). */
export function occupancyVolumeCc(occ: StructureOccupancy): number {
  let sum = 0;
  for (let n = 0; n < occ.fractions.length; n++) sum += occ.fractions[n] as number;
  return sum * voxelVolumeCc(occ.grid);
}

/** Volume of one voxel in cm³. */
export const voxelVolumeCc = (grid: Grid3): number =>
  (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;

/** Dense Float32 occupancy (for figures, masks and tests); sparse → dense. */
export function occupancyToDense(occ: StructureOccupancy): Float32Array {
  const out = new Float32Array(occ.grid.size[0] * occ.grid.size[1] * occ.grid.size[2]);
  for (let n = 0; n < occ.indices.length; n++) out[occ.indices[n] as number] = occ.fractions[n] as number;
  return out;
}
