import { createHash } from 'node:crypto';
import type { Grid3 } from '../core/grid.js';
import { InputError } from '../core/errors.js';
import type { Hlut } from '../density/hlut.js';
import type { PatientStudy } from '../dicom/image-series.js';
import type { Plan } from '../dose/plan.js';
import { formatMetricsCsv } from '../report/metrics-csv.js';
import { anonymizeReport, formatReportJson } from '../report/report-json.js';
import { runtimeIdentity, toolIdentity } from '../report/provenance.js';
import {
  DVH_METRIC_IDS,
  type DvhEntry,
  REPORT_FORMAT,
  REPORT_VERSION,
  type ValidationReport,
  type VerdictCriteria,
} from '../report/validation-report.js';
import type { DoseAnalysis, RoiDvhResult } from './analysis-types.js';
import type { ValidationRequest } from './validation-request.js';
import { judgeVerdict } from './verdict.js';

/** The report object from the analysis: DVH deltas against the prescription, verdict, provenance. */

export interface AssembleInput {
  readonly request: ValidationRequest;
  readonly analysis: DoseAnalysis;
  readonly criteria: VerdictCriteria;
  readonly prescriptionGy: number;
  readonly prescriptionSource: 'cli' | 'plan';
  readonly patient: PatientStudy | undefined;
  readonly hlut: Hlut;
  readonly model: { readonly id: string; readonly sha256: string } | null;
  readonly backend: string;
  readonly doseEngine: string;
  readonly doseGrid: Grid3;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
}

/** --prescription-gy, else the plan's prescription; a run without either is refused (deltas need it). */
export function resolvePrescription(
  cliGy: number | undefined,
  plan: Plan,
  planPath: string,
): { prescriptionGy: number; prescriptionSource: 'cli' | 'plan' } {
  if (cliGy !== undefined) return { prescriptionGy: cliGy, prescriptionSource: 'cli' };
  if (plan.prescriptionGy !== undefined && plan.prescriptionGy > 0)
    return { prescriptionGy: plan.prescriptionGy, prescriptionSource: 'plan' };
  throw new InputError(
    'the plan states no prescription: pass --prescription-gy (dose per fraction, Gy) so differences can be expressed as % of prescription',
    {},
    planPath,
  );
}

/**
 * sha256 of the table as used (knots and out-of-range policy, canonical JSON): identifies the exact calibration
 * whether it came from a built-in id or a file.
 */
export function hlutSha256(hlut: Hlut): string {
  const canonical = JSON.stringify({
    knotsHu: Array.from(hlut.knotsHu),
    knotsRedRel: Array.from(hlut.knotsRedRel),
    outOfRangePolicy: hlut.outOfRangePolicy,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function dvhEntry(r: RoiDvhResult, rxGy: number): DvhEntry {
  const pick = (f: (m: (typeof DVH_METRIC_IDS)[number]) => number, suffix: 'Gy' | 'Percent'): never =>
    Object.fromEntries(DVH_METRIC_IDS.map((m) => [`${m}${suffix}`, f(m)])) as never;
  return {
    name: r.name,
    roiType: r.roiType,
    isTarget: r.isTarget,
    volumeCm3: r.volumeCm3,
    ct: pick((m) => r.ctGy[m], 'Gy'),
    sct: pick((m) => r.sctGy[m], 'Gy'),
    delta: pick((m) => (100 * (r.sctGy[m] - r.ctGy[m])) / rxGy, 'Percent'),
    deltaGy: pick((m) => r.sctGy[m] - r.ctGy[m], 'Gy'),
  };
}

export function buildReport(input: AssembleInput): ValidationReport {
  const { analysis, criteria, request } = input;
  const rxGy = input.prescriptionGy;
  const dvh = analysis.dvh.map((r) => dvhEntry(r, rxGy));
  const inputs: Record<string, string> = {
    ct: request.ctPath,
    [request.sct.kind === 'sct' ? 'sct' : 'mr']: request.sct.path,
    ...(request.sct.kind === 'mr' ? { model: request.sct.model } : {}),
    structures: request.structuresPath,
    plan: request.planPath,
    ...(request.criteria ? { criteria: request.criteria } : {}),
  };
  const report: ValidationReport = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    ...(input.patient ? { patient: { name: input.patient.patientName, id: input.patient.patientId } } : {}),
    prescriptionGy: rxGy,
    gamma: analysis.gamma,
    dvh,
    dvhCurves: analysis.dvh.map((r) => ({
      name: r.name,
      ...(r.colorRgb ? { colorRgb: r.colorRgb } : {}),
      ct: r.ctCurve,
      sct: r.sctCurve,
    })),
    doseDifference: analysis.doseDifference,
    imageMetrics: analysis.imageMetrics,
    verdict: judgeVerdict(analysis.gamma, dvh, criteria),
    provenance: {
      tool: toolIdentity(),
      createdUtc: new Date().toISOString(),
      ...runtimeIdentity(),
      hlut: {
        id: input.hlut.provenance.id,
        source: input.hlut.provenance.source,
        sha256: hlutSha256(input.hlut),
      },
      model: input.model,
      backend: input.backend,
      doseEngine: input.doseEngine,
      doseGrid: { size: input.doseGrid.size, spacingMm: input.doseGrid.spacingMm },
      timingsMs: input.timingsMs,
      criteria,
      prescriptionGy: rxGy,
      prescriptionSource: input.prescriptionSource,
      inputs,
      anonymized: false,
      assumeRegistered: request.assumeRegistered,
      warnings: input.warnings,
    },
  };
  return request.anonymize ? anonymizeReport(report) : report;
}

/** The report and its text renderings (JSON, CSV), validated by serialising. */
export function assembleReport(input: AssembleInput): {
  report: ValidationReport;
  json: string;
  csv: string;
} {
  const report = buildReport(input);
  return { report, json: formatReportJson(report), csv: formatMetricsCsv(report) };
}
