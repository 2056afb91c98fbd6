import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import type { Beam, Plan } from '../../../src/dose/plan.js';

/**
 * Deterministic phantoms for the dose validation: a water box whose anterior face (y = 0 in LPS, the face seen
 * by a gantry-0 HFS beam) is at the isocentre plane, so SSD = SAD = 1000 mm for a G0 beam with iso (0, 0, 0).
 */
export interface BoxSpec {
  /** Lateral half-width (x and z), mm. */
  readonly halfWidthMm: number;
  /** Thickness along +y (posterior), mm. */
  readonly depthMm: number;
  /** Voxel spacing [x, y, z], mm. */
  readonly spacingMm: Vec3;
  /** RED as a function of depth y (mm, 0 = anterior surface); default water. */
  readonly redAtDepth?: (yMm: number) => number;
  /** Air gap in front of the surface, mm (voxels with RED 0.001). */
  readonly airGapMm?: number;
}

/** A box phantom: CT cells tile x ∈ [−w, w], y ∈ [−gap, depth], z ∈ [−w, w] exactly. */
export function waterBox(spec: BoxSpec): Volume<'RED', Float32Array> {
  const [sx, sy, sz] = spec.spacingMm;
  const gap = spec.airGapMm ?? 0;
  const nx = Math.round((2 * spec.halfWidthMm) / sx);
  const ny = Math.round((spec.depthMm + gap) / sy);
  const nz = Math.round((2 * spec.halfWidthMm) / sz);
  const grid: Grid3 = createGrid({
    size: [nx, ny, nz],
    spacingMm: [sx, sy, sz],
    originLpsMm: [-spec.halfWidthMm + sx / 2, -gap + sy / 2, -spec.halfWidthMm + sz / 2],
  });
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const y = -gap + (j + 0.5) * sy;
      const red = y < 0 ? 0.001 : (spec.redAtDepth?.(y) ?? 1);
      data.fill(red, nx * (j + ny * k), nx * (j + ny * k) + nx);
    }
  return createVolume(grid, 'RED', data);
}

/** A square open field (side at iso, mm) from gantry angle `gantryDeg` at `isoLps`. */
export function squareBeam(
  sideMm: number,
  gantryDeg = 0,
  isoLps: Vec3 = [0, 0, 0],
  mu = 100,
  name = 'B',
): Beam {
  const h = sideMm / 2;
  return {
    name,
    gantryDeg,
    collimatorDeg: 0,
    couchDeg: 0,
    isocenterMm: isoLps,
    jawsMm: { x1: -h, x2: h, y1: -h, y2: h },
    mu,
  };
}

export const planOf = (...beams: Beam[]): Plan => ({ machine: 'generic-6MV', patientPosition: 'HFS', beams });

/** Points along +y (depth) on the line x = xMm, z = zMm, at the given depths (mm). */
export const depthLine = (depthsMm: readonly number[], xMm = 0, zMm = 0): Vec3[] =>
  depthsMm.map((d) => [xMm, d, zMm] as Vec3);

/** 80 %–20 % width (mm) of the falling edge of a profile sampled at increasing positions. */
export function penumbra8020Mm(
  positionsMm: readonly number[],
  dose: ArrayLike<number>,
  centreDose: number,
): number {
  const crossing = (level: number): number => {
    for (let n = 1; n < positionsMm.length; n++) {
      const a = dose[n - 1] as number;
      const b = dose[n] as number;
      if (a >= level && b < level)
        return (
          (positionsMm[n - 1] as number) +
          ((a - level) / (a - b)) * ((positionsMm[n] as number) - (positionsMm[n - 1] as number))
        );
    }
    return NaN;
  };
  return crossing(0.2 * centreDose) - crossing(0.8 * centreDose);
}

/** A line dose grid: n points from `startLps` along unit vector `dirLps` every `stepMm` (for depth doses and profiles). */
export function lineGrid(startLps: Vec3, dirLps: 'x' | 'y', n: number, stepMm: number): Grid3 {
  const axes: Grid3['axes'] =
    dirLps === 'y'
      ? [
          [0, 1, 0],
          [0, 0, 1],
          [1, 0, 0],
        ]
      : [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ];
  return createGrid({ size: [n, 1, 1], spacingMm: [stepMm, stepMm, stepMm], originLpsMm: startLps, axes });
}
