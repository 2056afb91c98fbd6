import { describe, expect, it } from 'vitest';
import { computeDvh } from '../../../src/compare/dvh/dvh.js';
import { doseMetricGy } from '../../../src/compare/dvh/dvh-metrics.js';
import { rasterizeStructure } from '../../../src/compare/dvh/rasterize-structure.js';
import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import { createVolume } from '../../../src/core/volume.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import {
  DVH_COARSE_DOSE_TOLERANCE_VOXELS,
  DVH_COARSE_VOLUME_TOLERANCE_REL,
  DVH_FINE_TOLERANCE_REL,
} from '../../helpers/tolerances.js';
import {
  analyticDoseAtFraction,
  type AnalyticShape,
  cone,
  contourShape,
  cylinder,
  sphere,
} from './analytic-shapes.js';

/** Nelms 2015 style: shapes in linear dose fields along z and along x, on a fine and a coarse grid. */
const CENTRE: Vec3 = [3.3, -7.1, 12.4];
const D0_GY = 30;
const GRADIENT_GY_PER_MM = 0.5;

function gridAround(spacing: Vec3, halfExtentMm: number, axes?: Grid3['axes']): Grid3 {
  const n = (s: number): number => Math.ceil((2 * halfExtentMm) / s) + 1;
  const size: Vec3 = [n(spacing[0]), n(spacing[1]), n(spacing[2])];
  const probe = createGrid({ size, spacingMm: spacing, ...(axes ? { axes } : {}) });
  const mid = indexToLps(probe, [
    (size[0] - 1) / 2 + 0.31,
    (size[1] - 1) / 2 - 0.27,
    (size[2] - 1) / 2 + 0.17,
  ]);
  return createGrid({
    size,
    spacingMm: spacing,
    originLpsMm: [CENTRE[0] - mid[0], CENTRE[1] - mid[1], CENTRE[2] - mid[2]],
    ...(axes ? { axes } : {}),
  });
}

const linearDose = (grid: Grid3, axis: 0 | 2) => {
  const [nx, ny, nz] = grid.size;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = indexToLps(grid, [i, j, k]);
        data[i + nx * (j + ny * k)] = D0_GY + GRADIENT_GY_PER_MM * (p[axis] - CENTRE[axis]);
      }
  return createVolume(grid, 'Gy', data);
};

const SHAPES: AnalyticShape[] = [sphere(12), cylinder(10, 24), cone(12, 24)];
const SETUPS = [
  {
    name: 'fine 1 mm grid, 1 mm contour planes',
    spacing: [1, 1, 1] as Vec3,
    planeMm: 1,
    doseTol: (v: number) => DVH_FINE_TOLERANCE_REL * v,
    volTol: DVH_FINE_TOLERANCE_REL,
  },
  {
    name: 'coarse 2.5×2.5×3 mm grid, 2 mm contour planes',
    spacing: [2.5, 2.5, 3] as Vec3,
    planeMm: 2,
    doseTol: () => 0,
    volTol: DVH_COARSE_VOLUME_TOLERANCE_REL,
  },
];
const PERCENTS = [98, 95, 50, 5, 2];

describe.each(SETUPS)('DVH of analytic shapes: $name', (setup) => {
  const grid = gridAround(setup.spacing, 20);
  describe.each(SHAPES)('$name', (shape) => {
    // Contour planes at the centres of slabs that tile the shape's z extent (its flat ends on slab boundaries),
    // as a CT whose slices straddle the object would give; the dose grid is deliberately not aligned to them.
    const structure = contourShape(shape, CENTRE, setup.planeMm, setup.planeMm / 2);
    const occ = rasterizeStructure(structure, grid);

    it('volume matches the analytic volume', () => {
      const dvh = computeDvh(linearDose(grid, 2), occ);
      expect(Math.abs(dvh.volumeCc / (shape.volumeMm3 / 1000) - 1)).toBeLessThanOrEqual(setup.volTol);
    });

    it.each([2, 0] as const)('D_x in a linear gradient along axis %i matches the analytic D_x', (axis) => {
      const dvh = computeDvh(linearDose(grid, axis), occ);
      for (const p of PERCENTS) {
        const expected = analyticDoseAtFraction(shape, axis, D0_GY, GRADIENT_GY_PER_MM, p / 100);
        const actual = doseMetricGy(dvh, { kind: 'D', volumePercent: p });
        const tolerance =
          setup.planeMm === 1
            ? setup.doseTol(expected)
            : DVH_COARSE_DOSE_TOLERANCE_VOXELS * (setup.spacing[axis] as number) * GRADIENT_GY_PER_MM;
        expect(Math.abs(actual - expected), `D${p}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
      }
    });
  });
});
