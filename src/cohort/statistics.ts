import { max, mean, median, min, quantileSeq, std } from 'mathjs';
import { NumericalError } from '../core/errors.js';

/**
 * Descriptive statistics of a cohort metric and Bland–Altman agreement, on plain arrays (mathjs does the
 * arithmetic). SD is the sample SD (n − 1), as in Bland & Altman 1986; it is null below two values.
 */

/** Summary of one metric over the cases that have it. Units are those of the metric. */
export interface MetricStats {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); null when n < 2. */
  readonly sd: number | null;
  readonly median: number;
  /** Quartiles by linear interpolation between order statistics (mathjs quantileSeq). */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
}

function checkFinite(values: readonly number[], what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new NumericalError(`${what}: value ${bad} is not finite (${values[bad]})`, { index: bad });
}

/** Mean, SD, median, quartiles and range of `values` (at least one finite value). */
export function summariseSample(values: readonly number[], what = 'metric'): MetricStats {
  if (values.length === 0) throw new NumericalError(`${what}: no values to summarise`);
  checkFinite(values, what);
  const v = [...values];
  return {
    n: v.length,
    mean: Number(mean(v)),
    sd: v.length < 2 ? null : Number(std(v, 'unbiased')),
    median: Number(median(v)),
    q1: Number(quantileSeq(v, 0.25)),
    q3: Number(quantileSeq(v, 0.75)),
    min: Number(min(v)),
    max: Number(max(v)),
  };
}

/** Bland–Altman agreement of paired measurements (evaluated − reference). */
export interface BlandAltmanStats {
  readonly n: number;
  /** Mean difference (evaluated − reference). */
  readonly bias: number;
  /** Sample SD of the differences; null when n < 2. */
  readonly sdDifference: number | null;
  /** 95 % limits of agreement, bias ± 1.96 SD; null when n < 2. */
  readonly loaLower: number | null;
  readonly loaUpper: number | null;
  /** 95 % confidence interval of the bias, bias ± t(0.975, n−1) · SD/√n; null when n < 2. */
  readonly biasCi95: readonly [number, number] | null;
}

/** z of the 97.5th normal percentile: the 1.96 of Bland & Altman's limits of agreement. */
export const LOA_Z = 1.959963984540054;

/**
 * Bland & Altman (1986, Lancet 327:307): bias = mean(d), LoA = bias ± 1.96·SD(d), for paired differences
 * d = evaluated − reference (one per case).
 */
export function blandAltman(differences: readonly number[]): BlandAltmanStats {
  const s = summariseSample(differences, 'Bland–Altman difference');
  if (s.sd === null)
    return { n: s.n, bias: s.mean, sdDifference: null, loaLower: null, loaUpper: null, biasCi95: null };
  const half = studentT975(s.n - 1) * (s.sd / Math.sqrt(s.n));
  return {
    n: s.n,
    bias: s.mean,
    sdDifference: s.sd,
    loaLower: s.mean - LOA_Z * s.sd,
    loaUpper: s.mean + LOA_Z * s.sd,
    biasCi95: [s.mean - half, s.mean + half],
  };
}

/**
 * Two-sided 95 % Student t quantile t(0.975, df): exact table to df = 30, then the Cornish–Fisher expansion
 * (Abramowitz & Stegun 26.7.5), accurate to < 1e-4 beyond df = 30.
 */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new NumericalError(`t quantile: df must be ≥ 1, got ${df}`);
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df <= table.length) return table[df - 1] as number;
  const z = LOA_Z;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}
