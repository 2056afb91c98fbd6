import { GeometryError } from '../core/errors.js';
import { createGrid, type Grid3 } from '../core/grid.js';
import { indexToLps } from '../core/transforms.js';
import type { Volume } from '../core/volume.js';

/** RED above which a voxel counts as body for the dose-grid bounding box (air ≈ 0.001, lung ≈ 0.25). */
export const DEFAULT_BODY_THRESHOLD_REL = 0.2;

/**
 * The dose grid: the CT's axes, isotropic `spacingMm`, covering the bounding box (in CT voxel indices) of the
 * voxels whose RED ≥ `bodyThresholdRel`. Its first voxel centre is the box's first voxel centre; it extends to
 * cover the box's last voxel centre. Throws GeometryError when no voxel is above the threshold.
 */
export function createDoseGrid(
  red: Volume<'RED'>,
  spacingMm: number,
  bodyThresholdRel = DEFAULT_BODY_THRESHOLD_REL,
): Grid3 {
  if (!(spacingMm > 0) || !Number.isFinite(spacingMm))
    throw new GeometryError(`dose grid spacing must be a positive number of mm, got ${spacingMm}`);
  const [nx, ny, nz] = red.grid.size;
  const min = [nx, ny, nz];
  const max = [-1, -1, -1];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++) {
        if (!((red.data[n] as number) >= bodyThresholdRel)) continue;
        if (i < (min[0] as number)) min[0] = i;
        if (i > (max[0] as number)) max[0] = i;
        if (j < (min[1] as number)) min[1] = j;
        if (j > (max[1] as number)) max[1] = j;
        if (k < (min[2] as number)) min[2] = k;
        if (k > (max[2] as number)) max[2] = k;
      }
  if ((max[0] as number) < 0)
    throw new GeometryError(
      `no voxel has RED ≥ ${bodyThresholdRel}: the volume holds no body to compute dose in`,
    );
  const size = [0, 1, 2].map((d) => {
    const extentMm = ((max[d] as number) - (min[d] as number)) * (red.grid.spacingMm[d] as number);
    return Math.ceil(extentMm / spacingMm - 1e-9) + 1;
  }) as [number, number, number];
  return createGrid({
    size,
    spacingMm: [spacingMm, spacingMm, spacingMm],
    originLpsMm: indexToLps(red.grid, [min[0] as number, min[1] as number, min[2] as number]),
    axes: red.grid.axes,
    frameOfReferenceUid: red.grid.frameOfReferenceUid,
  });
}
