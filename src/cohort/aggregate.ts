import { DVH_METRIC_IDS, type DvhMetricId, type ValidationReport } from '../report/validation-report.js';
import type {
  CohortBlandAltman,
  CohortGammaDistribution,
  CohortMetricSummary,
  MetricGroup,
} from './cohort-result.js';
import { blandAltman, summariseSample } from './statistics.js';

/**
 * Cohort aggregates computed from the per-case reports alone (the same report.json files a reader can open), so
 * a cohort can be re-aggregated or audited from its case folders. Pure: no I/O.
 */

/** A completed case: its id and its parsed report.json. */
export interface CaseReport {
  readonly caseId: string;
  readonly report: ValidationReport;
}

/** The Bland–Altman metrics of the issue: target D98/D50/D2 and OAR Dmean. */
export const BLAND_ALTMAN_TARGET_METRICS: readonly DvhMetricId[] = ['D98', 'D50', 'D2'];
export const BLAND_ALTMAN_OAR_METRICS: readonly DvhMetricId[] = ['Dmean'];

interface Sample {
  caseId: string;
  value: number;
}

/** Collects values under a key, keeping first-seen key order (report order, then case order). */
class Collector<K> {
  private readonly map = new Map<string, { key: K; samples: Sample[] }>();
  add(id: string, key: K, caseId: string, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    const entry = this.map.get(id) ?? { key, samples: [] };
    entry.samples.push({ caseId, value });
    this.map.set(id, entry);
  }
  entries(): [string, K, Sample[]][] {
    return [...this.map].map(([id, e]) => [id, e.key, e.samples]);
  }
}

interface MetricKey {
  group: MetricGroup;
  roi: string | null;
  isTarget: boolean | null;
  metric: string;
  quantity: string;
  unit: string;
}

const DVH_QUANTITIES = [
  { quantity: 'deltaPercent', unit: '% Rx' },
  { quantity: 'deltaGy', unit: 'Gy' },
  { quantity: 'ctGy', unit: 'Gy' },
  { quantity: 'sctGy', unit: 'Gy' },
] as const;

const IMAGE_METRICS = [
  ['maeHu', 'HU'],
  ['meHu', 'HU'],
  ['psnrDb', 'dB'],
  ['ssim', '1'],
] as const;

const DOSE_METRICS = [
  ['doseMaePercent', '% Rx'],
  ['meanDifferencePercent', '% Rx'],
  ['maxAbsDifferencePercent', '% Rx'],
] as const;

function dvhValue(e: ValidationReport['dvh'][number], m: DvhMetricId, quantity: string): number {
  switch (quantity) {
    case 'deltaPercent':
      return e.delta[`${m}Percent`];
    case 'deltaGy':
      return e.deltaGy[`${m}Gy`];
    case 'ctGy':
      return e.ct[`${m}Gy`];
    default:
      return e.sct[`${m}Gy`];
  }
}

function collectCase(c: Collector<MetricKey>, { caseId, report }: CaseReport): void {
  for (const e of report.dvh)
    for (const m of DVH_METRIC_IDS)
      for (const { quantity, unit } of DVH_QUANTITIES)
        c.add(
          `dvh:${e.name}:${m}:${quantity}`,
          { group: 'dvh', roi: e.name, isTarget: e.isTarget, metric: m, quantity, unit },
          caseId,
          dvhValue(e, m, quantity),
        );
  for (const g of report.gamma) {
    c.add(
      `gamma:${g.label}`,
      { group: 'gamma', roi: null, isTarget: null, metric: g.label, quantity: 'passRatePercent', unit: '%' },
      caseId,
      g.evaluatedVoxels > 0 ? g.passRatePercent : null,
    );
    for (const r of g.perRoi) {
      const isTarget = report.dvh.find((e) => e.name === r.name)?.isTarget ?? null;
      c.add(
        `gamma:${g.label}:${r.name}`,
        { group: 'gamma', roi: r.name, isTarget, metric: g.label, quantity: 'passRatePercent', unit: '%' },
        caseId,
        r.passRatePercent,
      );
    }
  }
  for (const [m, unit] of IMAGE_METRICS)
    c.add(
      `image:${m}`,
      { group: 'image', roi: null, isTarget: null, metric: m, quantity: 'value', unit },
      caseId,
      report.imageMetrics[m],
    );
  for (const [m, unit] of DOSE_METRICS)
    c.add(
      `doseDifference:${m}`,
      { group: 'doseDifference', roi: null, isTarget: null, metric: m, quantity: 'value', unit },
      caseId,
      report.doseDifference[m],
    );
}

/** Mean ± SD, median, quartiles and range of every metric present in at least one case. */
export function summariseMetrics(cases: readonly CaseReport[]): CohortMetricSummary[] {
  const c = new Collector<MetricKey>();
  for (const cr of cases) collectCase(c, cr);
  return c.entries().map(([id, key, samples]) => ({
    id,
    ...key,
    cases: samples.map((s) => s.caseId),
    values: samples.map((s) => s.value),
    stats: summariseSample(
      samples.map((s) => s.value),
      id,
    ),
  }));
}

/** Bland–Altman of target D98/D50/D2 and OAR Dmean, one entry per ROI name × metric, CT as reference. */
export function blandAltmanByRoi(cases: readonly CaseReport[]): CohortBlandAltman[] {
  const groups = new Map<
    string,
    { roi: string; isTarget: boolean; metric: DvhMetricId; points: CohortBlandAltman['points'][number][] }
  >();
  for (const { caseId, report } of cases)
    for (const e of report.dvh) {
      const metrics = e.isTarget ? BLAND_ALTMAN_TARGET_METRICS : BLAND_ALTMAN_OAR_METRICS;
      for (const m of metrics) {
        const ct = e.ct[`${m}Gy`];
        const sct = e.sct[`${m}Gy`];
        const point = {
          caseId,
          meanGy: (ct + sct) / 2,
          differenceGy: e.deltaGy[`${m}Gy`],
          differencePercent: e.delta[`${m}Percent`],
        };
        if (![point.meanGy, point.differenceGy, point.differencePercent].every(Number.isFinite)) continue;
        const id = `${e.isTarget ? 'T' : 'O'}:${e.name}:${m}`;
        const g = groups.get(id) ?? { roi: e.name, isTarget: e.isTarget, metric: m, points: [] };
        g.points.push(point);
        groups.set(id, g);
      }
    }
  return [...groups.values()].map((g) => ({
    ...g,
    gy: blandAltman(g.points.map((p) => p.differenceGy)),
    percent: blandAltman(g.points.map((p) => p.differencePercent)),
  }));
}

/** Per-criterion distributions of the whole-dose gamma pass rate, counted against each case's TG-218 limits. */
export function gammaDistributions(cases: readonly CaseReport[]): CohortGammaDistribution[] {
  const byLabel = new Map<
    string,
    { gating: boolean; tol: number; action: number; cases: string[]; rates: number[]; cls: number[] }
  >();
  for (const { caseId, report } of cases) {
    const crit = report.provenance.criteria;
    report.gamma.forEach((g, n) => {
      if (g.evaluatedVoxels === 0) return;
      const entry = byLabel.get(g.label) ?? {
        gating: n === crit.gatingGammaIndex,
        tol: crit.gammaTolerancePassPercent,
        action: crit.gammaActionPassPercent,
        cases: [],
        rates: [],
        cls: [],
      };
      entry.cases.push(caseId);
      entry.rates.push(g.passRatePercent);
      const r = g.passRatePercent;
      entry.cls.push(r >= crit.gammaTolerancePassPercent ? 0 : r >= crit.gammaActionPassPercent ? 1 : 2);
      byLabel.set(g.label, entry);
    });
  }
  return [...byLabel].map(([label, e]) => ({
    label,
    gating: e.gating,
    tolerancePassPercent: e.tol,
    actionPassPercent: e.action,
    cases: e.cases,
    passRatePercent: e.rates,
    counts: {
      withinTolerance: e.cls.filter((c) => c === 0).length,
      belowTolerance: e.cls.filter((c) => c === 1).length,
      belowAction: e.cls.filter((c) => c === 2).length,
    },
    stats: summariseSample(e.rates, `gamma ${label}`),
  }));
}
