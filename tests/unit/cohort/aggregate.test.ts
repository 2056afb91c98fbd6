import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { buildCohortReport } from '../../../src/cohort/build-cohort-report.js';
import type { CaseOutcome } from '../../../src/cohort/cohort-result.js';
import { formatCohortCsv, formatCohortJson } from '../../../src/cohort/cohort-files.js';
import { judgeCohort } from '../../../src/cohort/cohort-verdict.js';
import { expectAggregatesMatch } from './fixtures/independent-aggregates.js';
import { syntheticCaseReport, type FakeCaseSpec } from './fixtures/synthetic-case.js';

const spec = (n: number, targetDeltaPercent: number): FakeCaseSpec => ({
  caseId: `p${String(n).padStart(2, '0')}`,
  targetDeltaPercent,
  oarDeltaPercent: ((n * 7) % 5) - 2,
  gammaPassPercent: 88 + ((n * 3) % 12),
  maeHu: 30 + n,
});

function cohortOf(deltas: readonly number[]): {
  reports: { caseId: string; report: ReturnType<typeof syntheticCaseReport> }[];
  outcomes: CaseOutcome[];
} {
  const reports = deltas.map((d, n) => {
    const s = spec(n + 1, d);
    return { caseId: s.caseId, report: syntheticCaseReport(s) };
  });
  const outcomes = reports.map((r): CaseOutcome => ({
    caseId: r.caseId,
    status: 'computed',
    reportDir: `cases/${r.caseId}`,
    error: null,
    elapsedMs: 10,
    verdictLevel: r.report.verdict.level,
    prescriptionGy: 2,
  }));
  return { reports, outcomes };
}

describe('cohort aggregates', () => {
  it('equal an independent computation from the per-case reports', () => {
    const { reports, outcomes } = cohortOf([0.3, -1.2, 2.4, 0.9, -0.1, 1.7, -2.2, 0.6, 1.1, -0.4, 0.05]);
    const cohort = buildCohortReport({
      manifestLabel: 'm.csv',
      outcomes,
      caseReports: reports,
      settings: {},
    });
    expectAggregatesMatch(cohort, reports);
    // Hand check of one row: PTV D98 deltas are the spec values exactly.
    const d98 = cohort.metrics.find((m) => m.id === 'dvh:PTV:D98:deltaPercent');
    expect(d98?.stats.median).toBeCloseTo(0.3, 12);
    expect(d98?.stats.min).toBe(-2.2);
    expect(d98?.stats.max).toBe(2.4);
    // Gamma rates 88 + (3n mod 12): the counts against 95 % and 90 % by hand.
    const g = cohort.gamma.find((x) => x.gating);
    const rates = Array.from({ length: 11 }, (_, n) => 88 + ((3 * (n + 1)) % 12));
    expect(g?.counts).toEqual({
      withinTolerance: rates.filter((r) => r >= 95).length,
      belowTolerance: rates.filter((r) => r >= 90 && r < 95).length,
      belowAction: rates.filter((r) => r < 90).length,
    });
  });

  it('cohort.csv holds exactly the values behind the summaries, and cohort.json round-trips', () => {
    const { reports, outcomes } = cohortOf([0.5, -0.5, 1.5]);
    outcomes.push({
      ...outcomes[0]!,
      caseId: 'bad, "one"',
      status: 'failed',
      reportDir: null,
      error: 'x, "y"\nz',
    });
    const cohort = buildCohortReport({
      manifestLabel: 'm.csv',
      outcomes,
      caseReports: reports,
      settings: {},
    });
    const rows = parse(formatCohortCsv(cohort), { columns: true }) as Record<string, string>[];
    const valueRows = rows.filter((r) => r['status'] !== 'failed');
    expect(valueRows).toHaveLength(cohort.metrics.reduce((s, m) => s + m.values.length, 0));
    for (const m of cohort.metrics)
      m.cases.forEach((c, n) => {
        const row = valueRows.find(
          (r) =>
            r['case'] === c &&
            r['group'] === m.group &&
            r['roi'] === (m.roi ?? '') &&
            r['metric'] === m.metric &&
            r['quantity'] === m.quantity,
        );
        expect(Number(row?.['value']) === m.values[n]).toBe(true); // -0 prints as 0
      });
    expect(rows.find((r) => r['status'] === 'failed')).toMatchObject({
      case: 'bad, "one"',
      error: 'x, "y"\nz',
    });
    expect(JSON.parse(formatCohortJson(cohort))).toEqual(JSON.parse(JSON.stringify(cohort)));
  });

  it('the verdict follows Korsholm: ≥ 95 % of patients with every target ΔD within tolerance', () => {
    const deltas = (outside: number, n: number): number[] =>
      Array.from({ length: n }, (_, k) => (k < outside ? 2.3 : 1.9));
    const judge = (d: number[], failed = 0): ReturnType<typeof judgeCohort> =>
      judgeCohort(cohortOf(d).reports, failed);
    expect(judge(deltas(1, 20))).toMatchObject({
      pass: true,
      patientsWithinTargetTolerance: 19,
      patientsWithinPercent: 95,
    });
    expect(judge(deltas(2, 20))).toMatchObject({ pass: false, patientsWithinTargetTolerance: 18 });
    // D98 carries the full delta; exactly at the tolerance passes (≤).
    expect(judge([2, -2, 2]).pass).toBe(true);
    expect(judge([2.0001, 0, 0]).pass).toBe(false);
    // A failed case keeps an otherwise passing cohort from passing.
    const withFailure = judge(deltas(0, 5), 1);
    expect(withFailure.pass).toBe(false);
    expect(withFailure.reasons.map((r) => r.check)).toContain('cohort:failed-cases');
    expect(judgeCohort([], 0)).toMatchObject({ pass: false, patientsWithinPercent: null });
    expect(judgeCohort(cohortOf(deltas(1, 10)).reports, 0, 90).pass).toBe(true);
  });
});
