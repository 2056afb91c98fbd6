import { describe, expect, it } from 'vitest';
import { buildSearchLattice } from '../../../src/compare/gamma/gamma-geometry.js';
import { normaliseGammaOptions } from '../../../src/compare/gamma/gamma-options.js';
import { percentileOf } from '../../../src/core/percentile.js';
import { summariseGamma } from '../../../src/compare/gamma/gamma-result.js';
import { InputError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';

describe('normaliseGammaOptions', () => {
  it('applies the documented defaults and derives the search quantities once, frozen', () => {
    const c = normaliseGammaOptions({ doseDiffPercent: 2, distanceMm: 3 }, 60);
    expect(c).toMatchObject({
      normalisation: 'global',
      globalNormGy: 60,
      lowerDoseCutoffPercent: 10,
      interpFraction: 10,
      maxGamma: 2,
      lowerDoseCutoffGy: 6,
      globalDoseDiffGy: 1.2,
      searchStepMm: 0.3,
      searchRadiusMm: 6,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses a given normalisation dose for both ΔD and the cutoff', () => {
    const c = normaliseGammaOptions(
      { doseDiffPercent: 3, distanceMm: 2, globalNormGy: 50, lowerDoseCutoffPercent: 20 },
      60,
    );
    expect(c.globalDoseDiffGy).toBeCloseTo(1.5, 12);
    expect(c.lowerDoseCutoffGy).toBeCloseTo(10, 12);
  });

  it.each([
    [{ doseDiffPercent: 0, distanceMm: 2 }, /doseDiffPercent/],
    [{ doseDiffPercent: 2, distanceMm: -1 }, /distanceMm/],
    [{ doseDiffPercent: 2, distanceMm: 2, interpFraction: 2.5 }, /interpFraction/],
    [{ doseDiffPercent: 2, distanceMm: 2, lowerDoseCutoffPercent: 100 }, /lowerDoseCutoffPercent/],
    [{ doseDiffPercent: 2, distanceMm: 2, maxGamma: 0 }, /maxGamma/],
  ])('rejects %j', (options, message) => {
    expect(() => normaliseGammaOptions(options, 2)).toThrow(InputError);
    expect(() => normaliseGammaOptions(options, 2)).toThrow(message);
  });
});

describe('buildSearchLattice', () => {
  it('is a sorted lattice in the ball, restricted to the grid’s non-singleton axes', () => {
    const c = normaliseGammaOptions({ doseDiffPercent: 2, distanceMm: 2, interpFraction: 4, maxGamma: 1 }, 1);
    const l3 = buildSearchLattice(createGrid({ size: [5, 5, 5], spacingMm: [1, 1, 1] }), c);
    const l2 = buildSearchLattice(createGrid({ size: [5, 5, 1], spacingMm: [1, 1, 1] }), c);
    const l1 = buildSearchLattice(createGrid({ size: [1, 5, 1], spacingMm: [1, 1, 1] }), c);
    // Lattice points with a²+b²+c² ≤ 16: 1D 9, 2D 49, 3D 257 (Gauss circle / sphere counts for r = 4).
    expect([l1.count, l2.count, l3.count]).toEqual([9, 49, 257]);
    for (let m = 1; m < l3.count; m++)
      expect(l3.distSqOverDtaSq[m]!).toBeGreaterThanOrEqual(l3.distSqOverDtaSq[m - 1]!);
    expect(Array.from(l3.offsetsMm.subarray(0, 3))).toEqual([0, 0, 0]);
    for (let m = 0; m < l1.count; m++) {
      expect(Math.abs(l1.offsetsMm[3 * m]!)).toBe(0);
      expect(Math.abs(l1.offsetsMm[3 * m + 2]!)).toBe(0);
    }
  });
});

describe('gamma statistics', () => {
  it('percentile matches sorting with linear interpolation (numpy default)', () => {
    const values = Float64Array.from({ length: 1001 }, (_, n) => ((n * 7919) % 1001) / 500);
    const sorted = Float64Array.from(values).sort();
    for (const p of [0, 5, 50, 95, 99.9, 100]) {
      const pos = ((sorted.length - 1) * p) / 100;
      const lo = Math.floor(pos);
      const expected =
        sorted[lo]! + (pos - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
      expect(percentileOf(Float64Array.from(values), p)).toBeCloseTo(expected, 12);
    }
  });

  it('pass rate, mean and histogram skip NaN (unevaluated) voxels', () => {
    const s = summariseGamma([NaN, 0.5, 1, 1.5, NaN, 2], 2);
    expect(s.evaluatedVoxelCount).toBe(4);
    expect(s.passRatePercent).toBe(50);
    expect(s.meanGamma).toBe(1.25);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(s.histogram.counts[19]).toBe(1); // γ = maxGamma sits in the closed last bin
    expect(summariseGamma([NaN], 2).passRatePercent).toBeNaN();
  });
});
