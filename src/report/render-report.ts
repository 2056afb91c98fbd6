import { NumericalError } from '../core/errors.js';
import { REPORT_HTML_MAX_BYTES, renderReportHtml } from './html-report.js';
import { loadPlotlyAsset } from './plotly-asset.js';
import { buildReportFigures } from './report-figures.js';
import { type ReportVolumes, sampleReportImages } from './report-images.js';
import type { ValidationReport } from './validation-report.js';

/**
 * report.html text for a report and its volumes: sample the slice views, build the figure specs, inline
 * plotly. Refuses a page over the 5 MB budget (a sign the display sampling needs tightening, not a user error).
 */
export async function renderReport(report: ValidationReport, volumes: ReportVolumes): Promise<string> {
  const figures = buildReportFigures(report, sampleReportImages(volumes));
  const html = renderReportHtml(report, figures, await loadPlotlyAsset());
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > REPORT_HTML_MAX_BYTES)
    throw new NumericalError(
      `report.html would be ${(bytes / 1e6).toFixed(2)} MB, over the ${REPORT_HTML_MAX_BYTES / 1024 / 1024} MiB budget`,
      { bytes },
    );
  return html;
}
