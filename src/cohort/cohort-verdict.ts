import type { CaseReport } from './aggregate.js';
import type { CohortVerdict, CohortVerdictReason } from './cohort-result.js';

/**
 * The cohort verdict, after Korsholm, Waring & Edmund 2014 (Radiat Oncol 9:16, "A criterion for the reliable use
 * of MRI-only radiotherapy"): an MR-only (sCT) workflow is acceptable when at least 95 % of patients have target
 * dose differences within 2 %. A patient is "within" when every target ROI's gated metrics (D98, D50, D2 by
 * default) differ by no more than the target tolerance of that case's criteria. The share of patients passing
 * TG-218's gamma tolerance is reported beside it. Failed cases make the verdict provisional (not a pass).
 */

/** Default share of patients that must be within the target tolerance (Korsholm 2014). */
export const DEFAULT_REQUIRED_PATIENT_PERCENT = 95;

/** Whether every target metric of a case is within its tolerance; false when the case has no target ROI. */
export function caseTargetsWithinTolerance(report: CaseReport['report']): boolean {
  const c = report.provenance.criteria;
  const targets = report.dvh.filter((e) => e.isTarget);
  return (
    targets.length > 0 &&
    targets.every((t) =>
      c.targetMetrics.every((m) => Math.abs(t.delta[`${m}Percent`]) <= c.targetTolerancePercent),
    )
  );
}

/** Whether the gating gamma criterion of a case meets TG-218's tolerance. */
export function caseGammaWithinTolerance(report: CaseReport['report']): boolean {
  const c = report.provenance.criteria;
  const g = report.gamma[c.gatingGammaIndex];
  return g !== undefined && g.evaluatedVoxels > 0 && g.passRatePercent >= c.gammaTolerancePassPercent;
}

const pct = (k: number, n: number): number | null => (n === 0 ? null : (100 * k) / n);
const fmtPct = (v: number | null): string => (v === null ? '–' : `${v.toFixed(1)} %`);

/** Judges a cohort from its completed cases; `failedCases` counts the cases that could not be computed. */
export function judgeCohort(
  cases: readonly CaseReport[],
  failedCases: number,
  requiredPatientPercent = DEFAULT_REQUIRED_PATIENT_PERCENT,
): CohortVerdict {
  const n = cases.length;
  const within = cases.filter((c) => caseTargetsWithinTolerance(c.report)).length;
  const gammaOk = cases.filter((c) => caseGammaWithinTolerance(c.report)).length;
  const withinPercent = pct(within, n);
  const tolerances = [...new Set(cases.map((c) => c.report.provenance.criteria.targetTolerancePercent))];
  const tolText = tolerances.length === 1 ? `±${tolerances[0]} %` : 'their tolerance';
  const targetOk = withinPercent !== null && withinPercent >= requiredPatientPercent;
  const reasons: CohortVerdictReason[] = [
    {
      check: 'cohort:targets',
      severity: targetOk ? 'pass' : 'action',
      message: `${within} of ${n} patients (${fmtPct(withinPercent)}) have every target DVH Δ within ${tolText} of prescription (required ≥ ${requiredPatientPercent} %, Korsholm 2014)`,
      value: withinPercent,
      limit: requiredPatientPercent,
    },
    {
      check: 'cohort:gamma',
      severity: 'info',
      message: `${gammaOk} of ${n} patients (${fmtPct(pct(gammaOk, n))}) meet the TG-218 gamma tolerance on the gating criterion (reported)`,
      value: pct(gammaOk, n),
      limit: null,
    },
  ];
  if (failedCases > 0)
    reasons.push({
      check: 'cohort:failed-cases',
      severity: 'action',
      message: `${failedCases} case(s) failed to compute: the cohort is incomplete and cannot pass`,
      value: failedCases,
      limit: 0,
    });
  const pass = targetOk && failedCases === 0;
  const summary = pass
    ? `PASS: ${fmtPct(withinPercent)} of ${n} patients within ${tolText} on every target metric (≥ ${requiredPatientPercent} % required)`
    : n === 0
      ? 'NOT JUDGED: no case completed'
      : `FAIL: ${fmtPct(withinPercent)} of ${n} patients within ${tolText} on every target metric (≥ ${requiredPatientPercent} % required)${failedCases > 0 ? `; ${failedCases} case(s) failed` : ''}`;
  return {
    pass,
    summary,
    requiredPatientPercent,
    targetTolerancePercent: tolerances.length === 1 ? (tolerances[0] as number) : null,
    patientsWithinTargetTolerance: within,
    patientsEvaluated: n,
    patientsWithinPercent: withinPercent,
    failedCases,
    reasons,
  };
}
