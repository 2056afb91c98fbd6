import { describe, expect, it } from 'vitest';
import { computeGamma } from '../../../src/compare/gamma/compute-gamma.js';
import { createGrid } from '../../../src/core/grid.js';
import { doseVolume, erfBeamsDose, FOUR_FIELD_BOX } from '../../fixtures/compare/synthetic-dose.js';
import { rotatedAxes } from '../../helpers/make-grid.js';
import { GAMMA_KERNEL_VS_REFERENCE } from '../../helpers/tolerances.js';

/**
 * gpu.js kernel vs the float64 reference, on every backend that runs here: cpu and webasm always in Node;
 * WebGPU/WebGL2 parity runs in the headless-browser harness when it exists (see docs/comparison.md).
 */
const refGrid = createGrid({ size: [17, 14, 6], spacingMm: [2.5, 3, 4], originLpsMm: [-20, -19, -10] });
const evGrid = createGrid({
  size: [19, 17, 9],
  spacingMm: [2.2, 2.6, 3.3],
  originLpsMm: [-21, -21, -13],
  axes: rotatedAxes([0, 0, 1], 7),
});
const beamsAt = (shift: [number, number, number], s: number) => (p: readonly [number, number, number]) =>
  s * erfBeamsDose([p[0] - shift[0], p[1] - shift[1], p[2] - shift[2]], [0, 0, 0], FOUR_FIELD_BOX);

const cases = [
  {
    name: 'same grid',
    ref: doseVolume(refGrid, beamsAt([0, 0, 0], 1)),
    ev: doseVolume(refGrid, beamsAt([1, -0.5, 0.4], 1.02)),
  },
  {
    name: 'oblique evaluated grid',
    ref: doseVolume(refGrid, beamsAt([0, 0, 0], 1)),
    ev: doseVolume(evGrid, beamsAt([0.6, 0.2, -0.3], 0.99)),
  },
];

describe.each(['cpu', 'webasm'] as const)('gamma kernel parity on gpu.js %s', (backend) => {
  it.each(cases)('matches the float64 reference: $name, global and local', async ({ ref, ev }) => {
    for (const normalisation of ['global', 'local'] as const) {
      const options = { doseDiffPercent: 2, distanceMm: 2.5, interpFraction: 5, normalisation };
      const expected = await computeGamma(ref, ev, options, 'reference');
      const actual = await computeGamma(ref, ev, options, backend);
      expect(actual.backend).toBe(backend);
      expect(actual.evaluatedVoxelCount).toBe(expected.evaluatedVoxelCount);
      let worst = 0;
      for (let n = 0; n < ref.data.length; n++) {
        const e = expected.gamma.data[n] as number;
        const a = actual.gamma.data[n] as number;
        expect(Number.isNaN(a)).toBe(Number.isNaN(e));
        if (!Number.isNaN(e)) worst = Math.max(worst, Math.abs(a - e));
      }
      expect(worst).toBeLessThanOrEqual(GAMMA_KERNEL_VS_REFERENCE);
    }
  });
});
