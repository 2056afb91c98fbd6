import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpuContext, type GpuContext } from '../../../kernels/gpu-context.js';
import { beamDoseGpu, fanDepthGpu, scatterMapsGpu } from '../../../src/dose/pencil-beam-gpu.js';
import {
  beamDoseFromFanReference,
  fanDepthReference,
  scatterMapsReference,
} from '../../../src/dose/pencil-beam-reference.js';
import { DEPTH_KERNEL_ABS_TOLERANCE_MM, DOSE_KERNEL_REL_OF_MAX_TOLERANCE } from '../../helpers/tolerances.js';
import { makeDoseFixture, worstDiff } from './dose-fixture.js';

const fx = makeDoseFixture();
const refDepth = fanDepthReference(fx.red, fx.setup);
const refMaps = scatterMapsReference(fx.setup, fx.machine);
const refDose = beamDoseFromFanReference(fx.doseGrid, fx.setup, fx.machine, refDepth, refMaps);

describe.each(['cpu', 'webasm'] as const)('dose kernels on %s vs the float64 reference', (backend) => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await createGpuContext(backend);
  });
  afterAll(async () => ctx.destroy());

  it('radiological-path-segment + running sum along rays = Siddon on every fan sample (oblique CT, oblique beam)', async () => {
    const depth = await fanDepthGpu(ctx, fx.red, fx.setup);
    const { diff, maxRef } = worstDiff(depth, refDepth);
    expect(maxRef).toBeGreaterThan(20); // rays really cross the heterogeneous volume
    expect(diff).toBeLessThan(DEPTH_KERNEL_ABS_TOLERANCE_MM);
  });

  it('scatter-fluence-map = analytic erf sums over the MLC ∩ jaw rectangles', async () => {
    const maps = await scatterMapsGpu(ctx, fx.setup, fx.machine);
    const { diff, maxRef } = worstDiff(maps, refMaps);
    expect(maxRef).toBeGreaterThan(0.05);
    expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
  });

  it('pencil-beam-dose = the reference closed form on an anisotropic rotated 11×13×9 dose grid', async () => {
    const dose = await beamDoseGpu(
      ctx,
      fx.doseGrid,
      fx.setup,
      fx.machine,
      Float32Array.from(refDepth),
      Float32Array.from(refMaps),
    );
    const { diff, maxRef } = worstDiff(dose, refDose);
    expect(maxRef).toBeGreaterThan(0.1);
    expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
  });
});
