import { describe, expect, it } from 'vitest';
import { computeGamma, type GammaBackendRequest } from '../../../src/compare/gamma/compute-gamma.js';
import type { GammaOptions } from '../../../src/compare/gamma/gamma-options.js';
import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { indexToLps, lpsToIndex } from '../../../src/core/transforms.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { rotatedAxes } from '../../helpers/make-grid.js';
import { GAMMA_ANALYTIC_TOLERANCE, GAMMA_LATTICE_EXACT_TOLERANCE } from '../../helpers/tolerances.js';
import { continuousGamma, latticeGamma, type Ramp, rampDose, rampVolumes } from './ramp.js';

/** Inside the hull of voxel centres (size-1 axes are ±0.5 voxel slabs), as the gamma search samples. */
const insideGrid =
  (grid: Grid3) =>
  (q: Vec3): boolean => {
    const ijk = lpsToIndex(grid, q);
    return ijk.every((x, d) => {
      const n = grid.size[d] as number;
      return n === 1 ? Math.abs(x) <= 0.5 + 1e-9 : x >= -1e-9 && x <= n - 1 + 1e-9;
    });
  };

/** A grid of `init` whose centre coincides with the centre of `inner` (so it encloses it with margin). */
function centredGrid(inner: Grid3, init: { size: Vec3; spacingMm: Vec3; axes: Grid3['axes'] }): Grid3 {
  const c = indexToLps(inner, [(inner.size[0] - 1) / 2, (inner.size[1] - 1) / 2, (inner.size[2] - 1) / 2]);
  const probe = createGrid({ ...init, originLpsMm: [0, 0, 0] });
  const half = indexToLps(probe, [(init.size[0] - 1) / 2, (init.size[1] - 1) / 2, (init.size[2] - 1) / 2]);
  return createGrid({ ...init, originLpsMm: [c[0] - half[0], c[1] - half[1], c[2] - half[2]] });
}

interface Case {
  name: string;
  ref: Grid3;
  ev: Grid3;
  ramp: Ramp;
  options: GammaOptions & { interpFraction: number; globalNormGy: number };
}

const oblique = rotatedAxes([0.48, -0.6, 0.64], 23);
const CASES: Case[] = [
  {
    name: '1D, shift 1.1 mm and scale 1.02',
    ref: createGrid({ size: [61, 1, 1], spacingMm: [1.3, 2, 2], originLpsMm: [-40, 5, 7] }),
    ev: createGrid({ size: [61, 1, 1], spacingMm: [1.3, 2, 2], originLpsMm: [-40, 5, 7] }),
    ramp: { a: 6, gradientGyPerMm: 0.05, u: [1, 0, 0], shiftMm: 1.1, scale: 1.02 },
    options: {
      doseDiffPercent: 2,
      distanceMm: 2,
      globalNormGy: 10,
      interpFraction: 100,
      maxGamma: 2,
      lowerDoseCutoffPercent: 0,
    },
  },
  {
    name: '2D anisotropic, ramp along j, evaluated on a finer shifted grid',
    ref: createGrid({ size: [23, 29, 1], spacingMm: [1.7, 0.9, 3], originLpsMm: [-20, -13, 4] }),
    ev: createGrid({ size: [41, 35, 1], spacingMm: [1.1, 0.8, 3], originLpsMm: [-22.3, -14.1, 4] }),
    ramp: { a: 8, gradientGyPerMm: 0.08, u: [0, 1, 0], shiftMm: -0.7, scale: 0.985 },
    options: {
      doseDiffPercent: 3,
      distanceMm: 2.5,
      globalNormGy: 10,
      interpFraction: 100,
      maxGamma: 1.5,
      lowerDoseCutoffPercent: 0,
    },
  },
  {
    name: '3D oblique anisotropic, ramp along k, same grid',
    ref: createGrid({
      size: [9, 11, 13],
      spacingMm: [2, 1.5, 2.5],
      originLpsMm: [10, -4, 30],
      axes: oblique,
    }),
    ev: createGrid({ size: [9, 11, 13], spacingMm: [2, 1.5, 2.5], originLpsMm: [10, -4, 30], axes: oblique }),
    ramp: { a: 9, gradientGyPerMm: 0.06, u: oblique[2], shiftMm: 0.9, scale: 1.015 },
    options: {
      doseDiffPercent: 2,
      distanceMm: 2,
      globalNormGy: 10,
      interpFraction: 20,
      maxGamma: 1.2,
      lowerDoseCutoffPercent: 0,
    },
  },
  {
    name: '3D oblique, ramp along i, evaluated on another oblique grid',
    ref: createGrid({ size: [11, 9, 7], spacingMm: [1.2, 2.2, 3], originLpsMm: [0, 0, 0], axes: oblique }),
    ev: centredGrid(createGrid({ size: [11, 9, 7], spacingMm: [1.2, 2.2, 3], axes: oblique }), {
      size: [27, 29, 25],
      spacingMm: [1.9, 1.7, 2.1],
      axes: rotatedAxes([0, 0.6, 0.8], 11),
    }),
    ramp: { a: 7, gradientGyPerMm: 0.1, u: oblique[0], shiftMm: -1.3, scale: 1 },
    options: {
      doseDiffPercent: 3,
      distanceMm: 3,
      globalNormGy: 10,
      interpFraction: 20,
      maxGamma: 1,
      lowerDoseCutoffPercent: 0,
    },
  },
];

const BACKENDS: GammaBackendRequest[] = ['reference', 'ts'];

describe.each(CASES)('gamma closed form: $name', (c) => {
  const { ref, ev } = rampVolumes(c.ramp, c.ref, c.ev);
  const deltaDoseGy = (c.options.doseDiffPercent / 100) * c.options.globalNormGy;
  const stepMm = c.options.distanceMm / c.options.interpFraction;
  const [nx, ny, nz] = c.ref.size;
  const points: { n: number; p: Vec3 }[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) points.push({ n: i + nx * (j + ny * k), p: indexToLps(c.ref, [i, j, k]) });

  it.each(BACKENDS)('equals the exact lattice minimum (%s)', async (backend) => {
    const result = await computeGamma(ref, ev, c.options, backend);
    expect(result.evaluatedVoxelCount).toBe(points.length);
    let worst = 0;
    for (const { n, p } of points) {
      const expected = latticeGamma(
        c.ramp,
        p,
        { deltaDoseGy, dtaMm: c.options.distanceMm, stepMm, maxGamma: c.options.maxGamma ?? 2 },
        insideGrid(c.ev),
      );
      worst = Math.max(worst, Math.abs((result.gamma.data[n] as number) - expected));
    }
    expect(worst).toBeLessThanOrEqual(GAMMA_LATTICE_EXACT_TOLERANCE);
  });

  it('is within 0.01 of the continuous closed form wherever the lattice bound allows (ts)', async () => {
    const result = await computeGamma(ref, ev, c.options, 'ts');
    const slope = c.ramp.scale * c.ramp.gradientGyPerMm;
    const curvature = 1 / c.options.distanceMm ** 2 + (slope / deltaDoseGy) ** 2;
    let checked = 0;
    let worst = 0;
    for (const { n, p } of points) {
      const g = continuousGamma(c.ramp, p, deltaDoseGy, c.options.distanceMm);
      const bound = Math.sqrt(g * g + (curvature * stepMm * stepMm) / 4) - g;
      // Only where the optimum lies inside the evaluated grid, γ is below the cap, and the lattice bound holds.
      const tStar = -((rampDoseDiff(c.ramp, p) * slope) / deltaDoseGy ** 2) / curvature;
      const q: Vec3 = [p[0] + tStar * c.ramp.u[0], p[1] + tStar * c.ramp.u[1], p[2] + tStar * c.ramp.u[2]];
      if (
        bound > GAMMA_ANALYTIC_TOLERANCE ||
        g > (c.options.maxGamma ?? 2) - 0.05 ||
        !insideWithMargin(c.ev, q, stepMm)
      )
        continue;
      checked++;
      worst = Math.max(worst, Math.abs((result.gamma.data[n] as number) - g));
    }
    expect(checked).toBeGreaterThan(points.length / 2);
    expect(worst).toBeLessThanOrEqual(GAMMA_ANALYTIC_TOLERANCE);
  });
});

function rampDoseDiff(r: Ramp, p: Vec3): number {
  return r.scale * (rampDose(r, p) - r.gradientGyPerMm * r.shiftMm) - rampDose(r, p);
}

function insideWithMargin(grid: Grid3, q: Vec3, marginMm: number): boolean {
  const ijk = lpsToIndex(grid, q);
  return ijk.every((x, d) => {
    const n = grid.size[d] as number;
    const m = marginMm / (grid.spacingMm[d] as number);
    return n === 1 || (x >= m && x <= n - 1 - m);
  });
}

describe('gamma closed form: local normalisation (1D)', () => {
  it('γ = |δ| / sqrt((p·D_r)² + (k·G·DTA)²) per voxel', async () => {
    const grid = createGrid({ size: [81, 1, 1], spacingMm: [1, 1, 1], originLpsMm: [-40, 0, 0] });
    const ramp: Ramp = { a: 5, gradientGyPerMm: 0.04, u: [1, 0, 0], shiftMm: 0.8, scale: 1.01 };
    const { ref, ev } = rampVolumes(ramp, grid, grid);
    const options = {
      doseDiffPercent: 3,
      distanceMm: 3,
      normalisation: 'local' as const,
      interpFraction: 100,
      maxGamma: 2,
      lowerDoseCutoffPercent: 0,
    };
    const result = await computeGamma(ref, ev, options, 'ts');
    let worst = 0;
    for (let i = 10; i < 71; i++) {
      const p: Vec3 = [-40 + i, 0, 0];
      const dd = 0.03 * rampDose(ramp, p);
      worst = Math.max(worst, Math.abs((result.gamma.data[i] as number) - continuousGamma(ramp, p, dd, 3)));
    }
    expect(worst).toBeLessThanOrEqual(GAMMA_ANALYTIC_TOLERANCE);
  });
});
