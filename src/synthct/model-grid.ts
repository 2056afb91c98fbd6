import { createGrid, type Grid3 } from '../core/grid.js';
import { gridCentresBoundsLps } from '../core/transforms.js';
import { dot3, type Vec3 } from '../core/vec3.js';
import type { LpsDirection, ModelManifest } from './manifest-schema.js';

/** Unit LPS vector of a signed patient direction. */
export function directionVector(direction: LpsDirection): Vec3 {
  const sign = direction[0] === '-' ? -1 : 1;
  const axis = 'LPS'.indexOf(direction[1] as string);
  return [axis === 0 ? sign : 0, axis === 1 ? sign : 0, axis === 2 ? sign : 0];
}

/** The MR grid axis (0 = i, 1 = j, 2 = k) most nearly parallel to `direction`. */
export function closestGridAxis(grid: Grid3, direction: LpsDirection): 0 | 1 | 2 {
  const v = directionVector(direction);
  const scores = grid.axes.map((a) => Math.abs(dot3(a, v)));
  let best: 0 | 1 | 2 = 0;
  for (const d of [1, 2] as const) if ((scores[d] as number) > (scores[best] as number)) best = d;
  return best;
}

/** Slack (in voxels) when deciding how many model voxels cover the MR: absorbs float rounding of the bounds. */
const COVER_EPSILON = 1e-6;

/**
 * The grid the network runs on: axes along the manifest's LPS directions, spacing from the manifest (or the
 * MR's own along the closest axis when the manifest says null), extent covering every MR voxel centre.
 * When the MR is already axis-aligned with the model directions at the same spacing, the model voxel centres
 * coincide with the MR's (origin = an MR corner centre), so resampling both ways is exact.
 * Frame of reference: the MR's.
 */
export function modelGridFor(mrGrid: Grid3, spec: ModelManifest['modelGrid']): Grid3 {
  const directions = [spec.columnDirection, spec.rowDirection, spec.sliceDirection] as const;
  const axes = directions.map(directionVector) as unknown as [Vec3, Vec3, Vec3];
  const nativeSpacing = (d: LpsDirection): number => mrGrid.spacingMm[closestGridAxis(mrGrid, d)];
  const spacingMm: Vec3 = [
    spec.inPlaneSpacingMm?.[0] ?? nativeSpacing(spec.columnDirection),
    spec.inPlaneSpacingMm?.[1] ?? nativeSpacing(spec.rowDirection),
    spec.sliceSpacingMm ?? nativeSpacing(spec.sliceDirection),
  ];
  const { minLpsMm, maxLpsMm } = gridCentresBoundsLps(mrGrid);
  const size: [number, number, number] = [1, 1, 1];
  const origin: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d++) {
    const axis = axes[d] as Vec3;
    const letter = 'LPS'.indexOf((directions[d] as LpsDirection)[1] as string);
    const sign = axis[letter] as number;
    const lo = minLpsMm[letter] as number;
    const hi = maxLpsMm[letter] as number;
    // Start at the MR's extreme centre on the side the axis starts from.
    origin[letter] = sign > 0 ? lo : hi;
    size[d] = Math.ceil((hi - lo) / (spacingMm[d] as number) - COVER_EPSILON) + 1;
  }
  return createGrid({
    size,
    spacingMm,
    originLpsMm: origin,
    axes,
    frameOfReferenceUid: mrGrid.frameOfReferenceUid,
  });
}
