import { readPackageInfo } from '../cli/package-info.js';
import { blandAltmanByRoi, type CaseReport, gammaDistributions, summariseMetrics } from './aggregate.js';
import { COHORT_FORMAT, COHORT_VERSION, type CaseOutcome, type CohortReport } from './cohort-result.js';
import { DEFAULT_REQUIRED_PATIENT_PERCENT, judgeCohort } from './cohort-verdict.js';

/** Inputs of the cohort report: the case outcomes and the reports of the completed cases. */
export interface CohortReportInput {
  readonly manifestLabel: string;
  readonly outcomes: readonly CaseOutcome[];
  readonly caseReports: readonly CaseReport[];
  readonly requiredPatientPercent?: number | undefined;
  readonly settings: CohortReport['settings'];
  /** Defaults to now. */
  readonly createdUtc?: string;
}

/** Warnings a reader must see: mixed criteria or prescriptions across cases make pooled numbers harder to read. */
function cohortWarnings(cases: readonly CaseReport[]): string[] {
  const warnings: string[] = [];
  const criteria = new Set(cases.map((c) => JSON.stringify(c.report.provenance.criteria)));
  if (criteria.size > 1)
    warnings.push(
      `cases were judged against ${criteria.size} different criteria sets: per-case verdicts follow their own`,
    );
  const engines = new Set(cases.map((c) => c.report.provenance.doseEngine));
  if (engines.size > 1) warnings.push(`cases used ${engines.size} dose engines: ${[...engines].join(', ')}`);
  return warnings;
}

/**
 * Assembles cohort.json from the case reports: metric summaries, Bland–Altman, gamma distributions, verdict.
 * Pure apart from reading the package version.
 */
export function buildCohortReport(input: CohortReportInput): CohortReport {
  const { caseReports, outcomes } = input;
  const pkg = readPackageInfo();
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  return {
    format: COHORT_FORMAT,
    version: COHORT_VERSION,
    createdUtc: input.createdUtc ?? new Date().toISOString(),
    tool: {
      name: pkg.name,
      version: pkg.version,
      gitSha: caseReports[0]?.report.provenance.tool.gitSha ?? null,
    },
    manifest: input.manifestLabel,
    cases: outcomes,
    metrics: summariseMetrics(caseReports),
    blandAltman: blandAltmanByRoi(caseReports),
    gamma: gammaDistributions(caseReports),
    verdict: judgeCohort(
      caseReports,
      failed,
      input.requiredPatientPercent ?? DEFAULT_REQUIRED_PATIENT_PERCENT,
    ),
    settings: input.settings,
    warnings: cohortWarnings(caseReports),
  };
}
