import { describe, expect, it } from 'vitest';
import { createVolume } from '../../../src/core/volume.js';
import { loadBuiltInHlut } from '../../../src/density/hlut-file.js';
import { huToRedReference } from '../../../src/density/hu-to-red-reference.js';
import { computeDose } from '../../../src/dose/compute-dose.js';
import { loadMachine } from '../../../src/dose/machine.js';
import { buildPhantom } from '../../../src/phantoms/build-phantom.js';
import { normalizePlanToPrescription } from '../../../src/phantoms/normalize-plan.js';
import { PHANTOM_NORMALISED_PTV_MEAN_REL } from '../../helpers/tolerances.js';

describe('normalizePlanToPrescription (with the pencil-beam engine)', () => {
  it('scales MU so the PTV mean dose is the prescription, on the CT grid', async () => {
    const c = buildPhantom('pelvis', 41, { scale: 3 });
    const { red } = huToRedReference(c.ct, loadBuiltInHlut());
    const ptv = createVolume(c.grid, 'mask', c.structures.masks.find((m) => m.name === 'PTV')!.mask);
    const machine = loadMachine(c.plan.machine);
    // The dose grid is the CT grid itself, so the check below needs no resampling.
    const options = { backend: 'js' as const, doseGrid: c.grid };
    const result = await normalizePlanToPrescription(red, ptv, c.plan, machine, options);
    // The first-order estimate is within 25 % of the engine (it ignores off-axis and scatter detail).
    expect(result.ptvMeanBeforeGy).toBeGreaterThan(1.5);
    expect(result.ptvMeanBeforeGy).toBeLessThan(2.5);
    for (let b = 0; b < c.plan.beams.length; b++)
      expect(result.plan.beams[b]!.mu / c.plan.beams[b]!.mu).toBeCloseTo(result.muScale, 3);
    const { dose } = await computeDose(red, result.plan, machine, options);
    let sum = 0;
    let count = 0;
    for (let n = 0; n < dose.data.length; n++)
      if (ptv.data[n] === 1) {
        sum += dose.data[n]!;
        count++;
      }
    expect(Math.abs(sum / count - 2) / 2).toBeLessThanOrEqual(PHANTOM_NORMALISED_PTV_MEAN_REL);
  });
});
