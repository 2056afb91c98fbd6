import type { Grid3 } from './grid.js';
import type { Vec3 } from './vec3.js';

/**
 * The voxel IJK ↔ patient LPS transforms, built once per grid (vtk.js `computeTransforms` style).
 * pointLps = origin + Σ_d ijk[d] · spacing[d] · axis[d].
 */

/** Row-major 3×4 affine [R | t] mapping continuous ijk to LPS mm. Row r = LPS component r. */
export interface IndexToLpsAffine {
  readonly rowsLps: readonly [Vec4, Vec4, Vec4];
}
type Vec4 = readonly [number, number, number, number];

/** The affine whose columns are spacing-scaled axes and whose translation is the origin. */
export function indexToLpsAffine(grid: Grid3): IndexToLpsAffine {
  const [iDir, jDir, kDir] = grid.axes;
  const [dx, dy, dz] = grid.spacingMm;
  const row = (r: 0 | 1 | 2): Vec4 => [iDir[r] * dx, jDir[r] * dy, kDir[r] * dz, grid.originLpsMm[r]];
  return { rowsLps: [row(0), row(1), row(2)] };
}

/** LPS position (mm) of continuous voxel coordinates `ijk` (integers are voxel centres). */
export function indexToLps(grid: Grid3, ijk: Vec3): Vec3 {
  const [iDir, jDir, kDir] = grid.axes;
  const a = ijk[0] * grid.spacingMm[0];
  const b = ijk[1] * grid.spacingMm[1];
  const c = ijk[2] * grid.spacingMm[2];
  return [
    grid.originLpsMm[0] + a * iDir[0] + b * jDir[0] + c * kDir[0],
    grid.originLpsMm[1] + a * iDir[1] + b * jDir[1] + c * kDir[1],
    grid.originLpsMm[2] + a * iDir[2] + b * jDir[2] + c * kDir[2],
  ];
}

/**
 * Continuous voxel coordinates of an LPS point. Axes are orthonormal (createGrid checks),
 * so the inverse is the transpose: ijk[d] = (p − origin) · axis[d] / spacing[d].
 */
export function lpsToIndex(grid: Grid3, pointLps: Vec3): Vec3 {
  const dx = pointLps[0] - grid.originLpsMm[0];
  const dy = pointLps[1] - grid.originLpsMm[1];
  const dz = pointLps[2] - grid.originLpsMm[2];
  const [iDir, jDir, kDir] = grid.axes;
  return [
    (dx * iDir[0] + dy * iDir[1] + dz * iDir[2]) / grid.spacingMm[0],
    (dx * jDir[0] + dy * jDir[1] + dz * jDir[2]) / grid.spacingMm[1],
    (dx * kDir[0] + dy * kDir[1] + dz * kDir[2]) / grid.spacingMm[2],
  ];
}

/** Nearest voxel of an LPS point, or undefined when it falls outside the grid. */
export function lpsToNearestVoxel(grid: Grid3, pointLps: Vec3): Vec3 | undefined {
  const ijk = lpsToIndex(grid, pointLps);
  const r: [number, number, number] = [Math.round(ijk[0]), Math.round(ijk[1]), Math.round(ijk[2])];
  for (let d = 0; d < 3; d++) {
    const v = r[d] as number;
    if (v < 0 || v >= (grid.size[d] as number)) return undefined;
  }
  return r;
}

/** Axis-aligned LPS bounding box (mm) of the grid's voxel centres. */
export function gridCentresBoundsLps(grid: Grid3): { minLpsMm: Vec3; maxLpsMm: Vec3 } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const ci of [0, grid.size[0] - 1]) {
    for (const cj of [0, grid.size[1] - 1]) {
      for (const ck of [0, grid.size[2] - 1]) {
        const p = indexToLps(grid, [ci, cj, ck]);
        for (let d = 0; d < 3; d++) {
          min[d] = Math.min(min[d] as number, p[d] as number);
          max[d] = Math.max(max[d] as number, p[d] as number);
        }
      }
    }
  }
  return { minLpsMm: min as unknown as Vec3, maxLpsMm: max as unknown as Vec3 };
}
