import { describe, expect, it } from 'vitest';
import { InputError, UnsupportedError } from '../../../src/core/errors.js';
import { indexToLps } from '../../../src/core/transforms.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { createVolume, retagVolume } from '../../../src/core/volume.js';
import { prepareBeam } from '../../../src/dose/beam-setup.js';
import { computeDose } from '../../../src/dose/compute-dose.js';
import { createDoseGrid } from '../../../src/dose/dose-grid.js';
import { sharedDoseSlabPool } from '../../../src/dose/dose-slab-pool.js';
import { isWebGpuAvailable } from '../../../kernels/gpu-context.js';
import { loadMachine } from '../../../src/dose/machine.js';
import { beamDoseAtPointsReference } from '../../../src/dose/pencil-beam-reference.js';
import { radiologicalPathMm } from '../../../src/dose/ray-trace-reference.js';
import {
  DOSE_KERNEL_REL_OF_MAX_TOLERANCE,
  ENGINE_VS_EXACT_REL_OF_MAX_TOLERANCE,
} from '../../helpers/tolerances.js';
import { planOf, squareBeam, waterBox } from '../../validation/dose/dose-phantoms.js';

const machine = loadMachine('generic-6MV');
// water with a lung slab, 10 mm of air in front; an oblique two-beam plan with an MLC on one beam
const red = waterBox({
  halfWidthMm: 60,
  depthMm: 120,
  spacingMm: [2.5, 2, 3],
  airGapMm: 10,
  redAtDepth: (y) => (y >= 40 && y < 70 ? 0.25 : 1),
});
const iso: Vec3 = [5, 50, -4];
const plan = planOf(
  { ...squareBeam(80, 20, iso, 120, 'G20'), couchDeg: 10, collimatorDeg: 30 },
  {
    ...squareBeam(60, 300, iso, 80, 'G300'),
    mlc: {
      leafBoundariesMm: [-30, -10, 10, 30],
      leafPairsMm: [
        [-20, 10],
        [-30, 30],
        [-5, 25],
      ],
    },
  },
);

describe('computeDose', () => {
  it('every CPU backend gives the same dose and reports itself; the default grid is the body box at 2.5 mm', async () => {
    const js = await computeDose(red, plan, machine, { backend: 'js', doseGridSpacingMm: 4 });
    expect(js.backend).toBe('js');
    expect(js.timingsMs.perBeam).toHaveLength(2);
    const max = js.dose.data.reduce((m, v) => Math.max(m, v), 0);
    for (const backend of ['webasm', 'cpu'] as const) {
      const r = await computeDose(red, plan, machine, { backend, doseGridSpacingMm: 4 });
      expect(r.backend).toBe(backend);
      let worst = 0;
      r.dose.data.forEach((v, n) => (worst = Math.max(worst, Math.abs(v - js.dose.data[n]!))));
      expect(worst / max).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    }
    const grid = createDoseGrid(red, 2.5);
    expect(grid.spacingMm).toEqual([2.5, 2.5, 2.5]);
    expect(grid.originLpsMm[1]).toBeCloseTo(1, 9); // first body voxel centre (y = 1 mm), air gap excluded
  });

  it("the 'js' backend gives the same dose on 1 and 3 threads (worker threads over shared memory)", async () => {
    const one = await computeDose(red, plan, machine, { backend: 'js', doseGridSpacingMm: 4, threads: 1 });
    const three = await computeDose(red, plan, machine, { backend: 'js', doseGridSpacingMm: 4, threads: 3 });
    expect(three.dose.data.some((v) => v > 0.5)).toBe(true);
    expect(Array.from(three.dose.data)).toEqual(Array.from(one.dose.data));
  });

  it('concurrent computeDose calls share the process-wide worker pool without mixing their beams', async () => {
    const options = { backend: 'js', doseGridSpacingMm: 4, threads: 3 } as const;
    const sequential = await computeDose(red, plan, machine, options);
    const single = planOf(plan.beams[1]!);
    const [a, b, c] = await Promise.all([
      computeDose(red, plan, machine, options),
      computeDose(red, single, machine, options),
      computeDose(red, plan, machine, options),
    ]);
    expect(sharedDoseSlabPool(3)).toBe(sharedDoseSlabPool(3));
    expect(Array.from(a.dose.data)).toEqual(Array.from(sequential.dose.data));
    expect(Array.from(c.dose.data)).toEqual(Array.from(sequential.dose.data));
    const alone = await computeDose(red, single, machine, { ...options, threads: 1 });
    expect(Array.from(b.dose.data)).toEqual(Array.from(alone.dose.data));
  });

  it('the fan-grid engine matches the exact model (Siddon to every voxel, analytic scatter) past the first step', async () => {
    const r = await computeDose(red, plan, machine, { backend: 'js', doseGridSpacingMm: 4 });
    const g = r.dose.grid;
    const setups = plan.beams.map((beam) => prepareBeam(beam, 'HFS', machine, red.grid, g, 4));
    const points: Vec3[] = [];
    const values: number[] = [];
    for (let n = 0; n < r.dose.data.length; n += 7) {
      const i = n % g.size[0];
      const j = Math.floor(n / g.size[0]) % g.size[1];
      const k = Math.floor(n / (g.size[0] * g.size[1]));
      const p = indexToLps(g, [i, j, k]);
      // within ~3 fan steps of the skin, the trilinear depth mixes samples outside and inside the body, and in the
      // build-up (≈ 5 %/mm) that is a few % of dose: a documented limit (docs/dose-engine.md), excluded here
      if (setups.some((s) => radiologicalPathMm(red, s.frame.sourceLpsMm, p) < 12)) continue;
      points.push(p);
      values.push(r.dose.data[n]!);
    }
    const exact = new Float64Array(points.length);
    for (const setup of setups) {
      beamDoseAtPointsReference(red, setup, machine, points).forEach((v, n) => (exact[n]! += v));
    }
    const max = exact.reduce((m, v) => Math.max(m, v), 0);
    let worst = 0;
    exact.forEach((v, n) => (worst = Math.max(worst, Math.abs(v - values[n]!))));
    expect(points.length).toBeGreaterThan(500);
    expect(worst / max).toBeLessThan(ENGINE_VS_EXACT_REL_OF_MAX_TOLERANCE);
  });

  it('refuses a plan for another machine, a non-RED volume, and an unavailable backend', async () => {
    await expect(computeDose(red, { ...plan, machine: 'other' }, machine, { backend: 'js' })).rejects.toThrow(
      /plan is for machine 'other'/,
    );
    await expect(computeDose(retagVolume(red, 'HU') as never, plan, machine)).rejects.toThrow(InputError);
    const bad = createVolume(red.grid, 'RED', Float32Array.from(red.data).fill(NaN, 5, 6));
    await expect(computeDose(bad, plan, machine, { backend: 'js' })).rejects.toThrow(/non-finite/);
    if (!(await isWebGpuAvailable()))
      await expect(computeDose(red, plan, machine, { backend: 'webgpu' })).rejects.toThrow(UnsupportedError);
  });

  it("'auto' picks a GPU backend when one answers, else the plain-TS path, and says which ran", async () => {
    const r = await computeDose(red, planOf(squareBeam(50, 0, iso)), machine, { doseGridSpacingMm: 6 });
    expect(['js', 'webgpu', 'headlessgl', 'webgl2', 'webgl']).toContain(r.backend);
    if (!(await isWebGpuAvailable())) expect(r.backend).toBe('js');
  });
});
