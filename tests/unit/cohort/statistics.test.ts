import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../../src/core/errors.js';
import {
  blandAltman,
  summariseSample as describeStats,
  LOA_Z,
  studentT975,
} from '../../../src/cohort/statistics.js';

/**
 * Bland & Altman 1986 (Lancet 327:307, Table 1): peak expiratory flow rate (l/min) of 17 subjects, first reading
 * with the Wright and the mini Wright meter. The paper reports a mean difference (Wright − mini) of −2.1 l/min
 * with SD 38.8.
 */
const WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
const MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];

describe('cohort statistics', () => {
  it('describes a sample: mean, sample SD, median, quartiles, range', () => {
    const s = describeStats([4, 1, 3, 2, 10]);
    expect(s).toMatchObject({ n: 5, mean: 4, median: 3, min: 1, max: 10, q1: 2, q3: 4 });
    // Σ(x − 4)² = 0 + 9 + 1 + 4 + 36 = 50; sample variance 50/4.
    expect(s.sd).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(describeStats([7]).sd).toBeNull();
    expect(() => describeStats([])).toThrow(NumericalError);
    expect(() => describeStats([1, Number.NaN])).toThrow(/not finite/);
  });

  it('reproduces Bland & Altman 1986 (bias −2.1 l/min, SD 38.8, LoA bias ± 1.96 SD)', () => {
    const ba = blandAltman(WRIGHT.map((w, n) => w - (MINI[n] as number)));
    expect(ba.n).toBe(17);
    expect(ba.bias).toBeCloseTo(-2.1, 1);
    expect(ba.sdDifference).toBeCloseTo(38.8, 1);
    expect(ba.loaLower).toBeCloseTo(ba.bias - LOA_Z * (ba.sdDifference as number), 12);
    expect(ba.loaUpper).toBeCloseTo(ba.bias + LOA_Z * (ba.sdDifference as number), 12);
    // 95 % CI of the bias with t(0.975, 16) = 2.120.
    const half = 2.12 * ((ba.sdDifference as number) / Math.sqrt(17));
    expect(ba.biasCi95?.[0]).toBeCloseTo(ba.bias - half, 10);
    expect(blandAltman([0.3])).toMatchObject({ n: 1, bias: 0.3, loaLower: null, biasCi95: null });
  });

  it('t quantiles match the tables past the exact range (A&S 26.7.5 expansion)', () => {
    // t(0.975, df) from standard tables.
    const table: [number, number][] = [
      [31, 2.0395],
      [40, 2.0211],
      [60, 2.0003],
      [120, 1.9799],
    ];
    for (const [df, t] of table) expect(Math.abs(studentT975(df) - t)).toBeLessThan(2e-4);
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(1e6)).toBeCloseTo(1.96, 3);
    expect(() => studentT975(0)).toThrow(NumericalError);
  });
});
