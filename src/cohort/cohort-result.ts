import type { BlandAltmanStats, MetricStats } from './statistics.js';
import type { DvhMetricId, Provenance, VerdictSeverity } from '../report/validation-report.js';

/**
 * cohort.json: the result of `equidose cohort`. Schema documented in docs/cohort.md. Conventions follow
 * report.json: doses in Gy, differences sCT − CT, "% Rx" = 100 · Δ / prescription of that case.
 */

export const COHORT_FORMAT = 'equidose-cohort-report';
export const COHORT_VERSION = 1;

/** computed: validated in this run; reused: a complete earlier result (resume); failed: see `error`. */
export type CaseStatus = 'computed' | 'reused' | 'failed';

export interface CaseOutcome {
  readonly caseId: string;
  readonly status: CaseStatus;
  /** The case's output folder relative to the cohort folder (`cases/<case>`); null when it failed. */
  readonly reportDir: string | null;
  /** One line: why the case failed; null otherwise. */
  readonly error: string | null;
  /** Wall time of the case's validate run in this run, ms; null when reused or never started. */
  readonly elapsedMs: number | null;
  /** The case's own verdict level; null when it failed. */
  readonly verdictLevel: 'pass' | 'tolerance' | 'action' | null;
  readonly prescriptionGy: number | null;
}

/** Which number of a report a summary row is about. */
export type MetricGroup = 'dvh' | 'gamma' | 'image' | 'doseDifference';

/** One metric summarised across the cases that have it (`values[n]` belongs to `cases[n]`). */
export interface CohortMetricSummary {
  /** Stable id, e.g. "dvh:PTV:D98:deltaPercent", "gamma:3%/2mm G10", "gamma:3%/2mm G10:Rectum", "image:maeHu". */
  readonly id: string;
  readonly group: MetricGroup;
  /** ROI name for per-ROI metrics; null for whole-case metrics. */
  readonly roi: string | null;
  readonly isTarget: boolean | null;
  /** e.g. "D98", "3%/2mm G10", "maeHu". */
  readonly metric: string;
  /** e.g. "deltaPercent", "deltaGy", "ctGy", "sctGy", "passRatePercent", "value". */
  readonly quantity: string;
  /** "Gy", "% Rx", "%", "HU", "dB", "1". */
  readonly unit: string;
  readonly cases: readonly string[];
  readonly values: readonly number[];
  readonly stats: MetricStats;
}

/** One Bland–Altman comparison (CT reference, sCT evaluated) of a DVH metric of one ROI across cases. */
export interface CohortBlandAltman {
  readonly roi: string;
  readonly isTarget: boolean;
  readonly metric: DvhMetricId;
  readonly points: readonly {
    readonly caseId: string;
    /** (CT + sCT) / 2, Gy. */
    readonly meanGy: number;
    /** sCT − CT, Gy. */
    readonly differenceGy: number;
    /** sCT − CT, % of the case's prescription. */
    readonly differencePercent: number;
  }[];
  readonly gy: BlandAltmanStats;
  readonly percent: BlandAltmanStats;
}

/** Per-case gamma pass rates of one criterion against TG-218's limits. */
export interface CohortGammaDistribution {
  readonly label: string;
  /** True for the criterion that gates the per-case verdicts (TG-218's 3 %/2 mm by default). */
  readonly gating: boolean;
  readonly tolerancePassPercent: number;
  readonly actionPassPercent: number;
  readonly cases: readonly string[];
  readonly passRatePercent: readonly number[];
  /** Cases with pass rate ≥ tolerance, in [action, tolerance), and < action. */
  readonly counts: {
    readonly withinTolerance: number;
    readonly belowTolerance: number;
    readonly belowAction: number;
  };
  readonly stats: MetricStats;
}

/** One check behind the cohort verdict. */
export interface CohortVerdictReason {
  readonly check: string;
  readonly severity: VerdictSeverity;
  readonly message: string;
  readonly value: number | null;
  readonly limit: number | null;
}

export interface CohortVerdict {
  /**
   * Korsholm et al. 2014 (Radiat Oncol 9:16): the sCT workflow is acceptable when ≥ `requiredPatientPercent` of
   * patients have every target DVH difference within tolerance (2 % of prescription by default).
   */
  readonly pass: boolean;
  readonly summary: string;
  readonly requiredPatientPercent: number;
  /** The target tolerance (% of prescription) shared by every case's criteria; null when they differ. */
  readonly targetTolerancePercent: number | null;
  /** Cases (of those computed) whose every target metric is within the target tolerance. */
  readonly patientsWithinTargetTolerance: number;
  readonly patientsEvaluated: number;
  readonly patientsWithinPercent: number | null;
  readonly failedCases: number;
  readonly reasons: readonly CohortVerdictReason[];
}

export interface CohortReport {
  readonly format: typeof COHORT_FORMAT;
  readonly version: typeof COHORT_VERSION;
  readonly createdUtc: string;
  readonly tool: Provenance['tool'];
  /** The manifest as given (or its basename when anonymised). */
  readonly manifest: string;
  readonly cases: readonly CaseOutcome[];
  readonly metrics: readonly CohortMetricSummary[];
  readonly blandAltman: readonly CohortBlandAltman[];
  readonly gamma: readonly CohortGammaDistribution[];
  readonly verdict: CohortVerdict;
  /** Options the cohort ran with (pass-through to validate, worker count). */
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  readonly warnings: readonly string[];
}
