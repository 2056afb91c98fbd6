import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderCohortHtml } from '../report/cohort-html.js';
import { loadPlotlyAsset } from '../report/plotly-asset.js';
import type { CohortReport } from './cohort-result.js';

/**
 * cohort.json, cohort.csv and cohort.html. cohort.csv is tidy (one row per case × metric, the values the
 * summaries were computed from) so a statistician can re-analyse the cohort in one file; failed cases get one
 * row with their error.
 */

/** cohort.json text; non-finite numbers are refused (they would silently become null). */
export function formatCohortJson(report: CohortReport): string {
  return `${JSON.stringify(
    report,
    (key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new Error(`cohort.json: non-finite number at "${key}" (${value})`);
      return value;
    },
    2,
  )}\n`;
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const COHORT_CSV_COLUMNS = [
  'case',
  'status',
  'group',
  'roi',
  'isTarget',
  'metric',
  'quantity',
  'unit',
  'value',
  'error',
] as const;

/** cohort.csv text: rows in manifest case order, metrics in cohort.json order within a case. */
export function formatCohortCsv(report: CohortReport): string {
  const rows: string[] = [COHORT_CSV_COLUMNS.join(',')];
  for (const c of report.cases) {
    if (c.status === 'failed') {
      rows.push(
        [c.caseId, c.status, null, null, null, null, null, null, null, c.error].map(csvField).join(','),
      );
      continue;
    }
    for (const m of report.metrics) {
      const n = m.cases.indexOf(c.caseId);
      if (n < 0) continue;
      rows.push(
        [
          c.caseId,
          c.status,
          m.group,
          m.roi,
          m.isTarget,
          m.metric,
          m.quantity,
          m.unit,
          m.values[n] as number,
          null,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Writes the three cohort files into `outDir` (each atomically); returns their paths. */
export async function writeCohortFiles(outDir: string, report: CohortReport): Promise<string[]> {
  const json = formatCohortJson(report);
  const csv = formatCohortCsv(report);
  const html = renderCohortHtml(report, await loadPlotlyAsset());
  const files: [string, string][] = [
    ['cohort.json', json],
    ['cohort.csv', csv],
    ['cohort.html', html],
  ];
  return files.map(([name, text]) => {
    const path = join(outDir, name);
    writeFileAtomic(path, text);
    return path;
  });
}
