import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import type { Grid3 } from '../../../src/core/grid.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { computeDose } from '../../../src/dose/compute-dose.js';
import { loadMachine } from '../../../src/dose/machine.js';
import type { Plan } from '../../../src/dose/plan.js';
import {
  DOSE_METAMORPHIC_REL_TOLERANCE,
  DOSE_ROTATION_REL_OF_MAX_TOLERANCE,
} from '../../helpers/tolerances.js';
import { lineGrid, planOf, squareBeam, waterBox } from './dose-phantoms.js';

const machine = loadMachine('generic-6MV');
const SAD = 1000;
const dose = async (red: Volume<'RED'>, plan: Plan, grid: Grid3) =>
  (await computeDose(red, plan, machine, { doseGrid: grid, backend: 'js' })).dose.data;
const box = (redAtDepth: (y: number) => number) =>
  waterBox({ halfWidthMm: 60, depthMm: 300, spacingMm: [2, 1, 2.5], redAtDepth });
const plan = planOf(squareBeam(100));
const water = box(() => 1);

/**
 * The model sees heterogeneity only through the radiological depth d_rad and geometry only through the inverse
 * square (SAD / w)², so on the central axis D_het(d) = D_water(d_rad) × ((SAD + d_rad) / (SAD + d))².
 * The water dose at d_rad is computed by the engine on the water phantom; d_rad is computed by hand.
 */
async function expectRadiologicalDepthEquivalence(
  red: Volume<'RED'>,
  depthsMm: number[],
  dRad: (d: number) => number,
) {
  const het = await dose(
    red,
    plan,
    lineGrid([0, depthsMm[0]!, 0], 'y', depthsMm.length, depthsMm[1]! - depthsMm[0]!),
  );
  for (const [n, d] of depthsMm.entries()) {
    const r = dRad(d);
    const w = (await dose(water, plan, lineGrid([0, r, 0], 'y', 1, 1)))[0]!;
    const expected = w * ((SAD + r) / (SAD + d)) ** 2;
    expect(Math.abs(het[n]! / expected - 1)).toBeLessThan(DOSE_METAMORPHIC_REL_TOLERANCE);
  }
  return het;
}

describe('heterogeneities enter through the radiological depth', () => {
  const depths = [120, 150, 180, 210, 240]; // uniform: the dose line is a grid
  it('a 50 mm lung slab (RED 0.25) raises downstream dose by the 37.5 mm of missing water', async () => {
    const lung = box((y) => (y >= 50 && y < 100 ? 0.25 : 1));
    const het = await expectRadiologicalDepthEquivalence(lung, depths, (d) => d - 50 * 0.75);
    const ref = await dose(water, plan, lineGrid([0, 120, 0], 'y', 5, 30));
    het.forEach((v, n) => expect(v).toBeGreaterThan(ref[n]! * 1.05));
  });
  it('a 30 mm bone slab (RED 1.6) lowers downstream dose by 18 mm of extra water', async () => {
    const bone = box((y) => (y >= 50 && y < 80 ? 1.6 : 1));
    const het = await expectRadiologicalDepthEquivalence(bone, depths, (d) => d + 30 * 0.6);
    const ref = await dose(water, plan, lineGrid([0, 120, 0], 'y', 5, 30));
    het.forEach((v, n) => expect(v).toBeLessThan(ref[n]! * 0.97));
  });
  it('a uniform RED scale ρ equals a depth scale: D_ρ(d) = D_1(ρd) × ISQ', async () => {
    await expectRadiologicalDepthEquivalence(
      box(() => 0.8),
      [40, 100, 160],
      (d) => 0.8 * d,
    );
    await expectRadiologicalDepthEquivalence(
      box(() => 1.2),
      [40, 100, 160],
      (d) => 1.2 * d,
    );
  });
});

describe('a rotated phantom with a rotated gantry gives the rotated dose', () => {
  it('rotating the CT axes by 90° about S and the gantry by 90° reproduces the dose voxel by voxel', async () => {
    // asymmetric phantom: water block with an off-axis bone insert and a lung insert
    const size: [number, number, number] = [40, 36, 10];
    const data = new Float32Array(size[0] * size[1] * size[2]);
    for (let k = 0; k < size[2]; k++)
      for (let j = 0; j < size[1]; j++)
        for (let i = 0; i < size[0]; i++)
          data[i + size[0] * (j + size[1] * k)] =
            i > 25 && j > 5 && j < 15 ? 1.6 : i < 12 && j > 10 ? 0.3 : 1;
    const spacingMm: Vec3 = [2.5, 3, 4];
    const a = createGrid({ size, spacingMm, originLpsMm: [-45, -50, -18] });
    const rot = (p: Vec3): Vec3 => [-p[1], p[0], p[2]]; // +90° about +z (S): −y (anterior) → +x (left)
    const b = createGrid({
      size,
      spacingMm,
      originLpsMm: rot(a.originLpsMm),
      axes: [rot([1, 0, 0]), rot([0, 1, 0]), [0, 0, 1]],
    });
    const iso: Vec3 = indexToLps(a, [20, 18, 5]);
    const beamA = { ...squareBeam(60, 0, iso), collimatorDeg: 15 };
    const beamB = { ...squareBeam(60, 90, rot(iso)), collimatorDeg: 15 };
    const da = await computeDose(createVolume(a, 'RED', data), planOf(beamA), machine, {
      backend: 'js',
      doseGridSpacingMm: 3,
    });
    const db = await computeDose(createVolume(b, 'RED', data), planOf(beamB), machine, {
      backend: 'js',
      doseGridSpacingMm: 3,
    });
    expect(db.dose.grid.size).toEqual(da.dose.grid.size);
    const max = da.dose.data.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBeGreaterThan(0.5);
    let worst = 0;
    da.dose.data.forEach((v, n) => (worst = Math.max(worst, Math.abs(v - db.dose.data[n]!))));
    expect(worst / max).toBeLessThan(DOSE_ROTATION_REL_OF_MAX_TOLERANCE);
  });
});
