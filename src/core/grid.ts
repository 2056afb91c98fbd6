import { GeometryError } from './errors.js';
import { type Vec3, cross3, dot3, maxAbsDiff3, norm3 } from './vec3.js';

export type { Vec3 } from './vec3.js';

/** Voxel counts along i, j, k. */
export type Size3 = readonly [nx: number, ny: number, nz: number];

/**
 * The only definition of voxel geometry in equidose.
 *
 * Memory order of every volume on this grid: i fastest; index = i + nx * (j + ny * k).
 * Patient frame: DICOM LPS, millimetres.
 */
export interface Grid3 {
  /** Voxel counts along i, j, k. */
  readonly size: Size3;
  /** Centre-to-centre voxel pitch along i, j, k, in mm (all > 0). */
  readonly spacingMm: Vec3;
  /** Patient LPS position (mm) of the CENTRE of voxel (0,0,0) (= DICOM ImagePositionPatient). */
  readonly originLpsMm: Vec3;
  /** Unit vectors (LPS) of +i, +j, +k. Named vectors, never a flat 9-array. */
  readonly axes: readonly [iDir: Vec3, jDir: Vec3, kDir: Vec3];
  /** DICOM FrameOfReferenceUID, or '' when the source format has none (NIfTI, NRRD, MHA). */
  readonly frameOfReferenceUid: string;
}

/** Identity axes: +i = L, +j = P, +k = S. */
export const IDENTITY_AXES: Grid3['axes'] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

export interface GridInit {
  size: Size3;
  spacingMm: Vec3;
  originLpsMm?: Vec3;
  axes?: Grid3['axes'];
  frameOfReferenceUid?: string;
}

/** Tolerance on axis unit-length and orthogonality (direction cosines are stored with ~6 digits in DICOM). */
const AXIS_TOLERANCE = 1e-4;

/** Builds a validated grid: positive integer size, positive spacing, orthonormal right- or left-handed axes. */
export function createGrid(init: GridInit): Grid3 {
  const grid: Grid3 = {
    size: [init.size[0], init.size[1], init.size[2]],
    spacingMm: [init.spacingMm[0], init.spacingMm[1], init.spacingMm[2]],
    originLpsMm: init.originLpsMm ?? [0, 0, 0],
    axes: init.axes ?? IDENTITY_AXES,
    frameOfReferenceUid: init.frameOfReferenceUid ?? '',
  };
  validateGrid(grid);
  return grid;
}

/** Throws GeometryError if the grid is not usable. */
export function validateGrid(grid: Grid3): void {
  for (const n of grid.size) {
    if (!Number.isInteger(n) || n < 1)
      throw new GeometryError(`grid size must be positive integers, got [${grid.size.join(', ')}]`, {
        size: grid.size,
      });
  }
  for (const s of grid.spacingMm) {
    if (!(s > 0) || !Number.isFinite(s))
      throw new GeometryError(`grid spacing must be positive mm, got [${grid.spacingMm.join(', ')}]`, {
        spacingMm: grid.spacingMm,
      });
  }
  if (!grid.originLpsMm.every(Number.isFinite))
    throw new GeometryError(`grid origin is not finite: [${grid.originLpsMm.join(', ')}]`);
  const [a, b, c] = grid.axes;
  for (const axis of grid.axes) {
    if (Math.abs(norm3(axis) - 1) > AXIS_TOLERANCE)
      throw new GeometryError(`grid axis [${axis.join(', ')}] is not a unit vector`, { axes: grid.axes });
  }
  if (
    Math.abs(dot3(a, b)) > AXIS_TOLERANCE ||
    Math.abs(dot3(a, c)) > AXIS_TOLERANCE ||
    Math.abs(dot3(b, c)) > AXIS_TOLERANCE
  ) {
    throw new GeometryError('grid axes are not orthogonal (sheared grids are not supported)', {
      axes: grid.axes,
    });
  }
}

/** nx * ny * nz. */
export const voxelCount = (grid: Grid3): number => grid.size[0] * grid.size[1] * grid.size[2];

/** Flat index of voxel (i, j, k): i + nx * (j + ny * k). */
export const voxelIndex = (size: Size3, i: number, j: number, k: number): number =>
  i + size[0] * (j + size[1] * k);

/** +1 if (iDir, jDir, kDir) is right-handed, -1 otherwise. */
export const axesHandedness = (grid: Grid3): 1 | -1 =>
  dot3(cross3(grid.axes[0], grid.axes[1]), grid.axes[2]) >= 0 ? 1 : -1;

/** Same size exactly, and spacing, origin (mm) and axes (unit-vector components) within tolerances. */
export function gridEquals(a: Grid3, b: Grid3, toleranceMm = 1e-3, axisTolerance = 1e-5): boolean {
  return gridMismatch(a, b, toleranceMm, axisTolerance) === undefined;
}

/** Describes the first difference between two grids, or undefined when they match. */
export function gridMismatch(
  a: Grid3,
  b: Grid3,
  toleranceMm = 1e-3,
  axisTolerance = 1e-5,
): string | undefined {
  if (a.size.some((n, d) => n !== b.size[d])) return `size [${a.size.join(', ')}] vs [${b.size.join(', ')}]`;
  if (maxAbsDiff3(a.spacingMm, b.spacingMm) > toleranceMm)
    return `spacing [${a.spacingMm.join(', ')}] mm vs [${b.spacingMm.join(', ')}] mm`;
  if (maxAbsDiff3(a.originLpsMm, b.originLpsMm) > toleranceMm)
    return `origin [${a.originLpsMm.join(', ')}] mm vs [${b.originLpsMm.join(', ')}] mm`;
  for (let d = 0; d < 3; d++) {
    const ax = a.axes[d] as Vec3;
    const bx = b.axes[d] as Vec3;
    if (maxAbsDiff3(ax, bx) > axisTolerance)
      return `axis ${'ijk'[d]} [${ax.join(', ')}] vs [${bx.join(', ')}]`;
  }
  return undefined;
}

/** Throws GeometryError naming the first difference when the grids do not match. */
export function assertSameGrid(a: Grid3, b: Grid3, what: string, toleranceMm = 1e-3): void {
  const mismatch = gridMismatch(a, b, toleranceMm);
  if (mismatch !== undefined) throw new GeometryError(`${what}: grids differ (${mismatch})`, { a, b });
}
