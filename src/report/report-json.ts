import type { ValidationReport } from './validation-report.js';

/**
 * report.json text. Non-finite numbers are refused rather than written as null silently: the pipeline must have
 * turned "undefined" values into explicit nulls (e.g. a per-ROI pass rate with no evaluated voxel).
 */
export function formatReportJson(report: ValidationReport): string {
  return `${JSON.stringify(
    report,
    (key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new Error(`report.json: non-finite number at "${key}" (${value})`);
      return value;
    },
    2,
  )}\n`;
}

/**
 * The same report without patient identifiers: no `patient` block, and input paths (which often carry names)
 * reduced to their kind, e.g. "(anonymised).nii.gz".
 */
export function anonymizeReport(report: ValidationReport): ValidationReport {
  const rest: { -readonly [K in keyof ValidationReport]?: ValidationReport[K] } = { ...report };
  delete rest.patient;
  const inputs = Object.fromEntries(
    Object.entries(report.provenance.inputs).map(([k, v]) => [k, `(anonymised)${extensionOf(v)}`]),
  );
  return { ...(rest as ValidationReport), provenance: { ...report.provenance, inputs, anonymized: true } };
}

function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  const m = /(\.nii\.gz|\.[A-Za-z0-9]{1,6})$/.exec(name);
  return m ? (m[1] as string) : '';
}
