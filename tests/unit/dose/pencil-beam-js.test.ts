import { describe, expect, it } from 'vitest';
import { beamDoseJs, fanDepthJs, scatterMapsJs } from '../../../src/dose/pencil-beam-js.js';
import {
  beamDoseFromFanReference,
  fanDepthReference,
  scatterMapsReference,
} from '../../../src/dose/pencil-beam-reference.js';
import { DEPTH_KERNEL_ABS_TOLERANCE_MM, DOSE_KERNEL_REL_OF_MAX_TOLERANCE } from '../../helpers/tolerances.js';
import { makeDoseFixture, worstDiff } from '../../kernels/dose/dose-fixture.js';

describe("plain-TS engine ('js' backend) vs the float64 reference", () => {
  const fx = makeDoseFixture();
  const refDepth = fanDepthReference(fx.red, fx.setup);
  const refMaps = scatterMapsReference(fx.setup, fx.machine);
  it('cumulative DDA depth = Siddon per sample', () => {
    expect(worstDiff(fanDepthJs(fx.red, fx.setup), refDepth).diff).toBeLessThan(
      DEPTH_KERNEL_ABS_TOLERANCE_MM,
    );
  });
  it('separable scatter maps = analytic sums', () => {
    const { diff, maxRef } = worstDiff(scatterMapsJs(fx.setup, fx.machine), refMaps);
    expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
  });
  it('dose = reference closed form, and accumulate mode adds', () => {
    const ref = beamDoseFromFanReference(fx.doseGrid, fx.setup, fx.machine, refDepth, refMaps);
    const out = beamDoseJs(
      fx.doseGrid,
      fx.setup,
      fx.machine,
      Float32Array.from(refDepth),
      Float32Array.from(refMaps),
    );
    const { diff, maxRef } = worstDiff(out, ref);
    expect(diff / maxRef).toBeLessThan(DOSE_KERNEL_REL_OF_MAX_TOLERANCE);
    const twice = beamDoseJs(
      fx.doseGrid,
      fx.setup,
      fx.machine,
      Float32Array.from(refDepth),
      Float32Array.from(refMaps),
      Float32Array.from(out),
      true,
    );
    expect(twice[100]).toBeCloseTo(2 * out[100]!, 6);
  });
});
