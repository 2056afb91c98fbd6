import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchLattice, refToEvalMap } from '../../src/compare/gamma/gamma-geometry.js';
import { gammaOffsetTable, gammaParams } from '../../src/compare/gamma/gamma-gpu.js';
import { normaliseGammaOptions } from '../../src/compare/gamma/gamma-options.js';
import { computeGammaReference } from '../../src/compare/gamma/gamma-reference.js';
import { createGrid } from '../../src/core/grid.js';
import { doseVolume, erfBeamsDose, FOUR_FIELD_BOX } from '../fixtures/compare/synthetic-dose.js';
import { rotatedAxes } from '../helpers/make-grid.js';
import { GAMMA_KERNEL_VS_REFERENCE } from '../helpers/tolerances.js';
import {
  chromiumAvailable,
  CHROMIUM_SKIP_MESSAGE,
  type KernelHarness,
  openKernelHarness,
} from './browser-harness.js';
import { type BrowserMode, flat, vol } from './kernel-case.js';

/**
 * The gamma kernel on the WebGPU and WebGL2 backends of headless chromium (SwiftShader) against the float64
 * reference computed here in Node, with the tolerance used for gpu.js cpu/webasm (tests/kernels/gamma).
 */
if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_MESSAGE);

const refGrid = createGrid({ size: [17, 14, 6], spacingMm: [2.5, 3, 4], originLpsMm: [-20, -19, -10] });
const evGrid = createGrid({
  size: [19, 17, 9],
  spacingMm: [2.2, 2.6, 3.3],
  originLpsMm: [-21, -21, -13],
  axes: rotatedAxes([0, 0, 1], 7),
});
const beams =
  (shift: readonly [number, number, number], s: number) => (p: readonly [number, number, number]) =>
    s * erfBeamsDose([p[0] - shift[0], p[1] - shift[1], p[2] - shift[2]], [0, 0, 0], FOUR_FIELD_BOX);
const ref = doseVolume(refGrid, beams([0, 0, 0], 1));
const cases = [
  { name: 'same grid', ev: doseVolume(refGrid, beams([1, -0.5, 0.4], 1.02)) },
  { name: 'oblique evaluated grid', ev: doseVolume(evGrid, beams([0.6, 0.2, -0.3], 0.99)) },
];

describe.skipIf(!chromiumAvailable)('gamma kernel in headless chromium', () => {
  let harness: KernelHarness;
  beforeAll(async () => {
    harness = await openKernelHarness();
  });
  afterAll(async () => harness?.close());

  describe.each(['webgpu', 'webgl2'] as BrowserMode[])('%s', (mode) => {
    it.each(cases)('gamma-shell-search = float64 reference: $name, global and local', async ({ ev }) => {
      for (const normalisation of ['global', 'local'] as const) {
        let max = 0;
        for (const v of ref.data) max = Math.max(max, v);
        const criteria = normaliseGammaOptions(
          { doseDiffPercent: 2, distanceMm: 2.5, interpFraction: 5, normalisation },
          max,
        );
        const lattice = buildSearchLattice(ref.grid, criteria);
        const map = refToEvalMap(ref.grid, ev.grid);
        const expected = computeGammaReference(ref, ev, criteria);
        const out = await harness.run(
          {
            kernel: 'gamma-shell-search',
            output: ref.grid.size,
            loopMaxIterations: lattice.count,
            args: [
              vol(ref.data, ref.grid.size),
              vol(ev.data, ev.grid.size),
              flat(gammaOffsetTable(lattice, map)),
              flat(gammaParams(map, ev.grid.size, criteria, lattice.count)),
            ],
          },
          mode,
        );
        let worst = 0;
        for (let n = 0; n < expected.length; n++) {
          const e = expected[n] as number;
          const a = out[n] as number;
          if (Number.isNaN(e)) expect(a).toBe(-1);
          else worst = Math.max(worst, Math.abs(a - e));
        }
        expect(worst).toBeLessThanOrEqual(GAMMA_KERNEL_VS_REFERENCE);
      }
    });
  });
});
