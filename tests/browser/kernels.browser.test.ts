import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVolume } from '../../src/core/volume.js';
import { loadBuiltInHlut } from '../../src/density/hlut-file.js';
import { huToRedReference } from '../../src/density/hu-to-red-reference.js';
import { doseParams, flatArg, segmentParams } from '../../src/dose/pencil-beam-gpu.js';
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
import { type BrowserMode, flat, num, vol } from './kernel-case.js';

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

    it('radiological-path-segment + depth-block-sum + cumulative-depth = Siddon', async () => {
      const { params, maxSteps } = segmentParams(fx.red.grid, fx.setup);
      const segments = await harness.run(
        {
          kernel: 'radiological-path-segment',
          output: [nu, nv, nw],
          loopMaxIterations: maxSteps,
          args: [vol(fx.red.data, fx.red.grid.size), flat(params)],
        },
        mode,
      );
      const blockSize = Math.ceil(Math.sqrt(nw));
      const blocks = Math.ceil(nw / blockSize);
      const blockSums = await harness.run(
        {
          kernel: 'depth-block-sum',
          output: [nu, nv, blocks],
          loopMaxIterations: blockSize,
          args: [vol(segments, [nu, nv, nw]), num(nw), num(blockSize)],
        },
        mode,
      );
      const depth = await harness.run(
        {
          kernel: 'cumulative-depth',
          output: [nu, nv, nw],
          loopMaxIterations: Math.max(blockSize, blocks),
          args: [vol(segments, [nu, nv, nw]), vol(blockSums, [nu, nv, blocks]), num(blockSize)],
        },
        mode,
      );
      expect(worstDiff(depth, refDepth).diff).toBeLessThan(DEPTH_KERNEL_ABS_TOLERANCE_MM);
    });

    it('scatter-fluence-map = analytic sums', async () => {
      const rects = flatArg(fx.setup.rectsIsoMm);
      const f = fx.setup.fan;
      const maps = await harness.run(
        {
          kernel: 'scatter-fluence-map',
          output: [nu, nv, fx.machine.scatter.length],
          loopMaxIterations: fx.setup.rectsIsoMm.length / 4,
          args: [
            flat(rects),
            num(fx.setup.rectsIsoMm.length / 4),
            flat(flatArg(fx.machine.scatter.map((c) => c.sigmaIsoMm))),
            num(f.u0Mm),
            num(f.duMm),
            num(f.v0Mm),
            num(f.dvMm),
          ],
        },
        mode,
      );
      const { diff, maxRef } = worstDiff(maps, refMaps);
      expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    });

    it('pencil-beam-dose = reference closed form on an anisotropic rotated dose grid', async () => {
      const nc = fx.machine.scatter.length;
      const dose = await harness.run(
        {
          kernel: 'pencil-beam-dose',
          output: fx.doseGrid.size,
          loopMaxIterations: Math.max(fx.setup.rectsIsoMm.length / 4, nc),
          args: [
            vol(refDepth, [nu, nv, nw]),
            vol(refMaps, [nu, nv, nc]),
            flat(flatArg(fx.setup.rectsIsoMm)),
            flat(doseParams(fx.doseGrid, fx.setup, fx.machine)),
          ],
        },
        mode,
      );
      const { diff, maxRef } = worstDiff(dose, refDose);
      expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    });
  });
});
