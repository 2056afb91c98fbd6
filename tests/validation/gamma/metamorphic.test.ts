import { describe, expect, it } from 'vitest';
import { computeGamma } from '../../../src/compare/gamma/compute-gamma.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import { doseVolume, erfBeamsDose, FOUR_FIELD_BOX } from '../../fixtures/compare/synthetic-dose.js';
import { GAMMA_TS_VS_REFERENCE } from '../../helpers/tolerances.js';

const grid = createGrid({ size: [24, 20, 9], spacingMm: [2.5, 3, 4], originLpsMm: [-29, -27, -16] });
const ref = doseVolume(grid, (p) => erfBeamsDose(p, [0, 0, 0], FOUR_FIELD_BOX));
const ev = doseVolume(
  grid,
  (p) => 1.02 * erfBeamsDose([p[0] - 1.2, p[1] + 0.7, p[2]], [0, 0, 0], FOUR_FIELD_BOX),
);
const crit = { doseDiffPercent: 2, distanceMm: 2, interpFraction: 5 };

const scaled = (v: Volume<'Gy'>, s: number): Volume<'Gy'> =>
  createVolume(
    v.grid,
    'Gy',
    Float32Array.from(v.data, (x) => x * s),
  );
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let n = 0; n < a.length; n++) {
    const x = a[n] as number;
    const y = b[n] as number;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    if (!Number.isNaN(x)) worst = Math.max(worst, Math.abs(x - y));
  }
  return worst;
};

describe('gamma metamorphic relations', () => {
  it('identical doses give γ = 0 on every evaluated voxel and 100 % pass', async () => {
    const r = await computeGamma(ref, ref, crit, 'ts');
    expect(r.evaluatedVoxelCount).toBeGreaterThan(100);
    expect(r.passRatePercent).toBe(100);
    expect(r.meanGamma).toBe(0);
    expect(r.gamma95thPercentile).toBe(0);
  });

  it('scaling both doses by c leaves global gamma unchanged (ΔD and cutoff scale with the maximum)', async () => {
    const a = await computeGamma(ref, ev, crit, 'ts');
    const b = await computeGamma(scaled(ref, 3.7), scaled(ev, 3.7), crit, 'ts');
    expect(maxDiff(a.gamma.data, b.gamma.data)).toBeLessThanOrEqual(1e-5);
  });

  it('scaling the geometry and DTA together leaves gamma unchanged', async () => {
    const big = createGrid({ size: grid.size, spacingMm: [5, 6, 8], originLpsMm: [-58, -54, -32] });
    const a = await computeGamma(ref, ev, crit, 'ts');
    const b = await computeGamma(
      createVolume(big, 'Gy', ref.data),
      createVolume(big, 'Gy', ev.data),
      { ...crit, distanceMm: 4 },
      'ts',
    );
    expect(maxDiff(a.gamma.data, b.gamma.data)).toBeLessThanOrEqual(1e-5);
  });

  it('swapping the i and j axes of both doses transposes the gamma map', async () => {
    const [nx, ny, nz] = grid.size;
    const swapped = createGrid({ size: [ny, nx, nz], spacingMm: [3, 2.5, 4], originLpsMm: [-27, -29, -16] });
    const transpose = (v: Volume<'Gy'>): Volume<'Gy'> => {
      const out = new Float32Array(v.data.length);
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) out[j + ny * (i + nx * k)] = v.data[i + nx * (j + ny * k)] as number;
      return createVolume(swapped, 'Gy', out);
    };
    const a = await computeGamma(ref, ev, crit, 'ts');
    const b = await computeGamma(transpose(ref), transpose(ev), crit, 'ts');
    const back = new Float32Array(a.gamma.data.length);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++)
          back[i + nx * (j + ny * k)] = b.gamma.data[j + ny * (i + nx * k)] as number;
    expect(maxDiff(a.gamma.data, back)).toBeLessThanOrEqual(1e-6);
  });

  it('looser criteria never increase gamma; local gamma is never below global at D_r ≤ normalisation dose', async () => {
    const tight = await computeGamma(ref, ev, crit, 'ts');
    const loose = await computeGamma(ref, ev, { ...crit, doseDiffPercent: 3, distanceMm: 3 }, 'ts');
    const local = await computeGamma(ref, ev, { ...crit, normalisation: 'local' }, 'ts');
    for (let n = 0; n < ref.data.length; n++) {
      const t = tight.gamma.data[n] as number;
      if (Number.isNaN(t)) continue;
      expect(loose.gamma.data[n] as number).toBeLessThanOrEqual(t + 1e-6);
      expect(local.gamma.data[n] as number).toBeGreaterThanOrEqual(t - 1e-6);
    }
    expect(loose.passRatePercent).toBeGreaterThanOrEqual(tight.passRatePercent);
  });

  it('the ts fast path equals the float64 reference on a realistic pair, global and local', async () => {
    for (const normalisation of ['global', 'local'] as const) {
      const a = await computeGamma(ref, ev, { ...crit, normalisation }, 'reference');
      const b = await computeGamma(ref, ev, { ...crit, normalisation }, 'ts');
      expect(maxDiff(a.gamma.data, b.gamma.data)).toBeLessThanOrEqual(GAMMA_TS_VS_REFERENCE);
      expect(b.passRatePercent).toBe(a.passRatePercent);
    }
  });

  it('unevaluated voxels are NaN exactly where the reference is below the cutoff', async () => {
    const r = await computeGamma(ref, ev, { ...crit, lowerDoseCutoffPercent: 30 }, 'ts');
    const cutoffGy = 0.3 * r.criteria.globalNormGy;
    for (let n = 0; n < ref.data.length; n++)
      expect(Number.isNaN(r.gamma.data[n] as number)).toBe((ref.data[n] as number) < cutoffGy);
  });
});

describe('gamma ts fast path on translated grids (partial overlap, grid edges, 1D/2D)', () => {
  const cases = [
    {
      name: '3D, fractional shift, partial overlap',
      size: [21, 18, 8] as const,
      shiftVox: [0.37, -1.2, 0.55] as const,
    },
    { name: '3D, integer shift', size: [21, 18, 8] as const, shiftVox: [2, 0, -1] as const },
    { name: '2D (size 1 along k)', size: [25, 22, 1] as const, shiftVox: [-0.6, 0.25, 0] as const },
    { name: '1D (size 1 along j and k)', size: [40, 1, 1] as const, shiftVox: [0.5, 0, 0] as const },
  ];
  it.each(cases)('equals the float64 reference: $name', async ({ size, shiftVox }) => {
    const spacing = [2.5, 3, 4] as const;
    const origin = [-26, -25, -14] as const;
    const refGrid = createGrid({ size: [...size], spacingMm: [...spacing], originLpsMm: [...origin] });
    const evGrid = createGrid({
      size: [...size],
      spacingMm: [...spacing],
      originLpsMm: [
        origin[0] + shiftVox[0] * spacing[0],
        origin[1] + shiftVox[1] * spacing[1],
        origin[2] + shiftVox[2] * spacing[2],
      ],
    });
    const r = doseVolume(refGrid, (p) => erfBeamsDose(p, [0, 0, 0], FOUR_FIELD_BOX));
    const e = doseVolume(
      evGrid,
      (p) => 1.02 * erfBeamsDose([p[0] - 0.8, p[1] + 0.5, p[2]], [0, 0, 0], FOUR_FIELD_BOX),
    );
    for (const normalisation of ['global', 'local'] as const) {
      const options = {
        doseDiffPercent: 2,
        distanceMm: 3,
        interpFraction: 6,
        normalisation,
        lowerDoseCutoffPercent: 5,
      };
      const a = await computeGamma(r, e, options, 'reference');
      const b = await computeGamma(r, e, options, 'ts');
      expect(maxDiff(a.gamma.data, b.gamma.data)).toBeLessThanOrEqual(GAMMA_TS_VS_REFERENCE);
    }
  });
});

describe('gamma ts path on worker threads', () => {
  it.each([2, 3])('gives the same map with %i threads as on one', async (threads) => {
    const one = await computeGamma(ref, ev, crit, 'ts', { threads: 1 });
    const many = await computeGamma(ref, ev, crit, 'ts', { threads });
    expect(maxDiff(one.gamma.data, many.gamma.data)).toBe(0);
    expect(many.evaluatedVoxelCount).toBe(one.evaluatedVoxelCount);
  });
});
