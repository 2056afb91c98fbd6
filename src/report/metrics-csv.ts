import { DVH_METRIC_IDS, type ValidationReport } from './validation-report.js';

/**
 * metrics.csv: one row per ROI × DVH metric (D98, D95, D50, D2, Dmean), doses in Gy, Δ = sCT − CT in Gy and in
 * % of prescription. `status` is the verdict's judgement of that metric (pass / tolerance / action), or "info"
 * when the metric is reported but not gated. RFC 4180 quoting.
 */

export const METRICS_CSV_COLUMNS = [
  'roi',
  'roi_type',
  'is_target',
  'metric',
  'ct_gy',
  'sct_gy',
  'delta_gy',
  'delta_percent_of_prescription',
  'prescription_gy',
  'status',
] as const;

function csvField(value: string | number | boolean): string {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(round6(value)) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function formatMetricsCsv(report: ValidationReport): string {
  const status = new Map(report.verdict.reasons.map((r) => [r.check, r.severity]));
  const rows = report.dvh.flatMap((e) =>
    DVH_METRIC_IDS.map((m) =>
      [
        e.name,
        e.roiType,
        e.isTarget,
        m,
        e.ct[`${m}Gy`],
        e.sct[`${m}Gy`],
        e.deltaGy[`${m}Gy`],
        e.delta[`${m}Percent`],
        report.prescriptionGy,
        status.get(`dvh:${e.name}:${m}`) ?? 'info',
      ]
        .map(csvField)
        .join(','),
    ),
  );
  return `${[METRICS_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
