import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVolume } from '../../src/core/volume.js';
import { loadBuiltInHlut } from '../../src/density/hlut-file.js';
import { huToRedReference } from '../../src/density/hu-to-red-reference.js';
import {
  accumulateAlongRays,
  beamDoseCall,
  scatterMapsCall,
  segmentPathsCall,
} from '../../src/dose/pencil-beam-gpu.js';
import {
  beamDoseFromFanReference,
  fanDepthReference,
  scatterMapsReference,
} from '../../src/dose/pencil-beam-reference.js';
import { makeAwkwardGrid } from '../helpers/make-grid.js';
import {
  DEPTH_KERNEL_ABS_TOLERANCE_MM,
  DOSE_KERNEL_REL_OF_MAX_TOLERANCE,
  HU_TO_RED_KERNEL_ABS_TOLERANCE,
} from '../helpers/tolerances.js';
import { makeDoseFixture, worstDiff } from '../kernels/dose/dose-fixture.js';
import {
  chromiumAvailable,
  CHROMIUM_SKIP_MESSAGE,
  type KernelHarness,
  openKernelHarness,
} from './browser-harness.js';
import { type BrowserMode, caseOfCall, flat, num, vol } from './kernel-case.js';

/**
 * Every kernel on the WebGPU and WebGL2 backends of headless chromium (SwiftShader: the GPU code paths run in CI
 * without a GPU), against the float64 references computed here in Node, with the same tolerances as cpu/webasm.
 */
if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_MESSAGE);

describe.skipIf(!chromiumAvailable)('kernels in headless chromium', () => {
  let harness: KernelHarness;
  beforeAll(async () => {
    harness = await openKernelHarness();
  });
  afterAll(async () => harness?.close());

  it('chromium offers a WebGPU adapter and WebGL2', () => {
    expect(harness.capabilities.webgpu).toBe(true);
    expect(harness.capabilities.webgl2).toBe(true);
  });

  const fx = makeDoseFixture();
  const { nu, nv, nw } = fx.setup.fan;
  const refDepth = fanDepthReference(fx.red, fx.setup);
  const refMaps = scatterMapsReference(fx.setup, fx.machine);
  const refDose = beamDoseFromFanReference(fx.doseGrid, fx.setup, fx.machine, refDepth, refMaps);

  describe.each(['webgpu', 'webgl2'] as BrowserMode[])('%s', (mode) => {
    it('hu-to-red = reference on an oblique anisotropic grid', async () => {
      const grid = makeAwkwardGrid();
      const n = grid.size[0] * grid.size[1] * grid.size[2];
      const hu = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 4600) - 1200);
      const hlut = loadBuiltInHlut();
      const ref = huToRedReference(createVolume(grid, 'HU', hu), hlut).red.data;
      const pad = (a: Float64Array) => flat([...a, ...new Array<number>(Math.max(0, 8 - a.length)).fill(0)]);
      const out = await harness.run(
        {
          kernel: 'hu-to-red',
          output: grid.size,
          loopMaxIterations: hlut.knotsHu.length,
          args: [vol(hu, grid.size), pad(hlut.knotsHu), pad(hlut.knotsRedRel), num(hlut.knotsHu.length)],
        },
        mode,
      );
      expect(worstDiff(out, ref).diff).toBeLessThan(HU_TO_RED_KERNEL_ABS_TOLERANCE);
    });

    it('radiological-path-segment + running sum along rays = Siddon', async () => {
      const segments = await harness.run(caseOfCall(segmentPathsCall(fx.red, fx.setup)), mode);
      const depth = accumulateAlongRays(segments, nu, nv, nw);
      expect(worstDiff(depth, refDepth).diff).toBeLessThan(DEPTH_KERNEL_ABS_TOLERANCE_MM);
    });

    it('scatter-fluence-map = analytic sums', async () => {
      const maps = await harness.run(caseOfCall(scatterMapsCall(fx.setup, fx.machine)), mode);
      const { diff, maxRef } = worstDiff(maps, refMaps);
      expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    });

    it('pencil-beam-dose = reference closed form on an anisotropic rotated dose grid', async () => {
      const call = beamDoseCall(
        fx.doseGrid,
        fx.setup,
        fx.machine,
        Float32Array.from(refDepth),
        Float32Array.from(refMaps),
      );
      const dose = await harness.run(caseOfCall(call), mode);
      const { diff, maxRef } = worstDiff(dose, refDose);
      expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    });
  });
});
