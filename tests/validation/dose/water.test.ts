import { describe, expect, it } from 'vitest';
import { computeDose } from '../../../src/dose/compute-dose.js';
import { loadMachine } from '../../../src/dose/machine.js';
import type { Grid3 } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import type { Plan } from '../../../src/dose/plan.js';
import {
  DMAX_RANGE_MM,
  DOSE_METAMORPHIC_REL_TOLERANCE,
  PDD10_20X20_RANGE_PERCENT,
  PDD10_5X5_RANGE_PERCENT,
  PDD10_RANGE_PERCENT,
  PENUMBRA_8020_RANGE_MM,
} from '../../helpers/tolerances.js';
import { lineGrid, penumbra8020Mm, planOf, squareBeam, waterBox } from './dose-phantoms.js';

const machine = loadMachine('generic-6MV');
// Water box, anterior face at y = 0 = the isocentre plane of a G0 beam with iso (0, 0, 0): SSD 100 cm.
const water = waterBox({ halfWidthMm: 60, depthMm: 320, spacingMm: [2, 1, 2.5], airGapMm: 20 });
const dose = async (red: Volume<'RED'>, plan: Plan, grid: Grid3) =>
  (await computeDose(red, plan, machine, { doseGrid: grid, backend: 'js' })).dose.data;

/** Central-axis depth dose (Gy for 100 MU) of a square field, depths 0.25, 0.75, … mm. */
async function depthDose(sideMm: number): Promise<{ depthsMm: number[]; doseGy: Float32Array }> {
  const n = 600;
  const grid = lineGrid([0, 0.25, 0], 'y', n, 0.5);
  return {
    depthsMm: Array.from({ length: n }, (_, i) => 0.25 + 0.5 * i),
    doseGy: await dose(water, planOf(squareBeam(sideMm)), grid),
  };
}

const at = (pdd: { depthsMm: number[]; doseGy: Float32Array }, depthMm: number) =>
  pdd.doseGy[pdd.depthsMm.indexOf(depthMm + 0.25)]!;
const maxOf = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), 0);

describe('generic 6 MV in water (SSD 100 cm)', async () => {
  const pdd10 = await depthDose(100);
  const dmaxMm = pdd10.depthsMm[pdd10.doseGy.indexOf(maxOf(pdd10.doseGy))]!;

  it('has a build-up region and dmax ≈ 1.5 cm', () => {
    expect(dmaxMm).toBeGreaterThanOrEqual(DMAX_RANGE_MM[0]);
    expect(dmaxMm).toBeLessThanOrEqual(DMAX_RANGE_MM[1]);
    const max = maxOf(pdd10.doseGy);
    expect(pdd10.doseGy[0]! / max).toBeLessThan(0.6); // surface well below the maximum
    for (let i = 1; i < pdd10.depthsMm.length; i++) {
      const rising = pdd10.depthsMm[i]! <= dmaxMm;
      if (rising) expect(pdd10.doseGy[i]!).toBeGreaterThanOrEqual(pdd10.doseGy[i - 1]!);
      else expect(pdd10.doseGy[i]!).toBeLessThanOrEqual(pdd10.doseGy[i - 1]!);
    }
  });

  it('is calibrated to 1 cGy/MU at dmax for 10×10 at SSD 100', () => {
    expect(maxOf(pdd10.doseGy)).toBeCloseTo(1.0, 2); // 100 MU → 1 Gy
  });

  it('PDD(10 cm) is in the range of a real 6 MV beam (66–67 %)', () => {
    const pdd = (100 * at(pdd10, 100)) / maxOf(pdd10.doseGy);
    expect(pdd).toBeGreaterThan(PDD10_RANGE_PERCENT[0]);
    expect(pdd).toBeLessThan(PDD10_RANGE_PERCENT[1]);
  });

  it('field size: PDD(10) and output at dmax grow with the field (phantom + head scatter)', async () => {
    const pdd5 = await depthDose(50);
    const pdd20 = await depthDose(200);
    const p = (d: typeof pdd5) => (100 * at(d, 100)) / maxOf(d.doseGy);
    expect(p(pdd5)).toBeGreaterThan(PDD10_5X5_RANGE_PERCENT[0]);
    expect(p(pdd5)).toBeLessThan(PDD10_5X5_RANGE_PERCENT[1]);
    expect(p(pdd20)).toBeGreaterThan(PDD10_20X20_RANGE_PERCENT[0]);
    expect(p(pdd20)).toBeLessThan(PDD10_20X20_RANGE_PERCENT[1]);
    expect(maxOf(pdd5.doseGy)).toBeLessThan(maxOf(pdd10.doseGy));
    expect(maxOf(pdd20.doseGy)).toBeGreaterThan(maxOf(pdd10.doseGy));
    // total scatter factor Scp of a typical 6 MV beam: 5×5 ≈ 0.92–0.96, 20×20 ≈ 1.04–1.08
    expect(maxOf(pdd5.doseGy)).toBeGreaterThan(0.92);
    expect(maxOf(pdd20.doseGy)).toBeLessThan(1.08);
  });

  it('inverse square: moving the phantom 10 cm towards the source scales the dose at 10 cm depth by (110/100)²', async () => {
    const d1000 = at(pdd10, 100);
    // same jaws, isocentre 100 mm inside the phantom → surface at 900 mm from the source
    const grid = lineGrid([0, 100, 0], 'y', 1, 1);
    const d900 = (await dose(water, planOf(squareBeam(100, 0, [0, 100, 0])), grid))[0]!;
    const expected = ((1000 + 100) / (900 + 100)) ** 2;
    expect(Math.abs(d900 / d1000 / expected - 1)).toBeLessThan(DOSE_METAMORPHIC_REL_TOLERANCE);
  });

  it('80–20 % penumbra at 10 cm depth is 3–5 mm and the field edge sits at the projected jaw (55 mm)', async () => {
    const n = 400;
    const grid = lineGrid([0, 100, 0], 'x', n, 0.25);
    const profile = await dose(water, planOf(squareBeam(100)), grid);
    const xs = Array.from({ length: n }, (_, i) => 0.25 * i);
    const width = penumbra8020Mm(xs, profile, profile[0]!);
    expect(width).toBeGreaterThan(PENUMBRA_8020_RANGE_MM[0]);
    expect(width).toBeLessThan(PENUMBRA_8020_RANGE_MM[1]);
    const half = xs.find((_, i) => profile[i]! < 0.5 * profile[0]!)!;
    expect(Math.abs(half - 55)).toBeLessThan(1.5);
  });

  it('opposed beams (G0 + G180, iso at mid-depth) give a dose symmetric about the mid-plane', async () => {
    const slab = waterBox({ halfWidthMm: 60, depthMm: 200, spacingMm: [2, 1, 2.5] });
    const plan = planOf(
      squareBeam(100, 0, [0, 100, 0], 100, 'AP'),
      squareBeam(100, 180, [0, 100, 0], 100, 'PA'),
    );
    const d = await dose(slab, plan, lineGrid([0, 0.5, 0], 'y', 200, 1));
    const max = maxOf(d);
    for (let i = 0; i < 100; i++)
      expect(Math.abs(d[i]! - d[199 - i]!) / max).toBeLessThan(DOSE_METAMORPHIC_REL_TOLERANCE);
    expect(d[100]! / max).toBeLessThan(0.95); // the mid-plane is a minimum of a parallel-opposed pair at 20 cm
  });
});
