import { describe, expect, it } from 'vitest';
import { formatMetricsCsv, METRICS_CSV_COLUMNS } from '../../../src/report/metrics-csv.js';
import { anonymizeReport, formatReportJson } from '../../../src/report/report-json.js';
import { DVH_METRIC_IDS } from '../../../src/report/validation-report.js';
import { makeReportValidator } from '../../helpers/report-schema.js';
import { syntheticReport } from './fixtures/synthetic-report.js';

const validate = makeReportValidator();

describe('report.json', () => {
  it('validates against docs/report.schema.json', () => {
    const parsed = JSON.parse(formatReportJson(syntheticReport())) as unknown;
    expect(validate(parsed)).toEqual({ valid: true, errors: [] });
  });

  it('the schema rejects a report missing a required field or with a misspelt one', () => {
    const parsed = JSON.parse(formatReportJson(syntheticReport())) as Record<string, unknown>;
    const { verdict, ...withoutVerdict } = parsed;
    expect(verdict).toBeDefined();
    expect(validate(withoutVerdict).valid).toBe(false);
    const misspelt = { ...parsed, imageMetrics: { maeHU: 1, meHu: 0, psnrDb: 30, ssim: 0.9, maskVoxels: 1 } };
    const r = validate(misspelt);
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toMatch(/imageMetrics/);
  });

  it('refuses non-finite numbers instead of writing null silently', () => {
    const report = syntheticReport();
    const bad = { ...report, imageMetrics: { ...report.imageMetrics, ssim: NaN } };
    expect(() => formatReportJson(bad)).toThrow(/non-finite number at "ssim"/);
  });

  it('--anonymize drops the patient block and the input paths, and stays schema-valid', () => {
    const report = syntheticReport();
    const text = formatReportJson(anonymizeReport(report));
    expect(text).not.toMatch(/PHANTOM\^PELVIS|EQ-0001|Doe_John/);
    const parsed = JSON.parse(text) as {
      provenance: { inputs: Record<string, string>; anonymized: boolean };
    };
    expect(parsed).not.toHaveProperty('patient');
    expect(parsed.provenance.anonymized).toBe(true);
    expect(parsed.provenance.inputs['ct']).toBe('(anonymised).nii.gz');
    expect(validate(parsed).valid).toBe(true);
  });
});

describe('metrics.csv', () => {
  it('has one row per ROI × metric with the verdict status, RFC 4180 quoted', () => {
    const report = syntheticReport(3.1);
    const lines = formatMetricsCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe(METRICS_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + report.dvh.length * DVH_METRIC_IDS.length);
    // A name with a comma and quotes is quoted, quotes doubled.
    expect(lines.some((l) => l.startsWith('"Bladder, wall ""outer""",ORGAN,false,D98,'))).toBe(true);
    const ptvD98 = lines.find((l) => l.startsWith('PTV,PTV,true,D98,'))!.split(',');
    expect(Number(ptvD98[7])).toBeCloseTo(3.1, 10);
    expect(ptvD98[9]).toBe('action');
    // D95 is reported for targets but not gated by the default criteria.
    expect(lines.find((l) => l.startsWith('PTV,PTV,true,D95,'))!.endsWith(',info')).toBe(true);
  });
});
