import { writeFileAtomic } from '../io/atomic-write.js';
import type { PlotlyFigure } from './figures/plotly-types.js';
import { dvhTable, gammaTable, metricsSection, provenanceSection, verdictBanner } from './html-sections.js';
import { REPORT_CSS, REPORT_PAGE_SCRIPT } from './page-assets.js';
import { escapeHtml, figureBlock, figurePicker, gzipBase64, section } from './page-blocks.js';
import type { PlotlyAsset } from './plotly-asset.js';
import type { ValidationReport } from './validation-report.js';

/**
 * report.html: one self-contained, offline file. Tables and the verdict are plain HTML (readable without
 * scripts); plots are drawn by the inlined plotly bundle from inlined figure specs. Nothing is fetched.
 */

/** The report must stay small enough to mail and archive. */
export const REPORT_HTML_MAX_BYTES = 5 * 1024 * 1024;

/** Renders the whole page. `plotly.gzip` is already compressed; the figure specs are compressed here. */
export function renderReportHtml(
  report: ValidationReport,
  figures: readonly PlotlyFigure[],
  plotly: PlotlyAsset,
): string {
  const pick = figurePicker(figures);
  const used = new Set(['fig-dvh', 'fig-pass-rates', 'fig-gamma-histogram']);
  const sliceFigures = figures
    .filter((f) => !used.has(f.id))
    .map(figureBlock)
    .join('');
  const patient = report.patient
    ? `<p>Patient: ${escapeHtml(report.patient.name)} · ID ${escapeHtml(report.patient.id)}</p>`
    : `<p>Patient: ${report.provenance.anonymized ? 'anonymised' : 'not recorded in the inputs'}</p>`;
  const p = report.provenance;
  const figuresPayload = gzipBase64(
    JSON.stringify(figures.map((f) => ({ id: f.id, data: f.data, layout: f.layout }))),
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>equidose sCT validation report</title>
<style>${REPORT_CSS}</style></head>
<body data-plots-ready="false">
<header><h1>Synthetic CT dosimetric validation</h1>${patient}
<p>Created ${escapeHtml(p.createdUtc)} by ${escapeHtml(p.tool.name)} ${escapeHtml(p.tool.version)} · prescription ${report.prescriptionGy.toFixed(3)} Gy · research validation software, not a clinical TPS</p></header>
${verdictBanner(report)}
<div id="load-error" class="load-error" hidden></div>
<noscript><p class="load-error">Plots need JavaScript; the tables below hold every number.</p></noscript>
${section('gamma', 'Gamma analysis', `${gammaTable(report.gamma)}${pick('fig-pass-rates', 'fig-gamma-histogram')}`)}
${section('dvh', 'Dose–volume histograms and metrics', `${pick('fig-dvh')}${dvhTable(report)}`)}
${section('metrics', 'Image and dose-difference metrics', metricsSection(report))}
${section('slices', 'Slice views', `<p class="note">Axial, coronal and sagittal planes through the isocentre; drag a slider to move through the volume. Display sampling: up to 64 px per side, a subset of planes.</p>${sliceFigures}`)}
${section('provenance', 'Provenance', provenanceSection(report))}
<div class="signature"><strong>Physicist review</strong><div>Name: ______________________________</div>
<div>Signature: __________________________ Date: ______________</div></div>
<footer>The same plan, monitor units, HU → RED table and pencil-beam engine were used on CT and sCT, so differences come from the images. A pencil-beam engine does not scale lateral electron transport with density: absolute dose near air and bone interfaces is approximate on both, which is why the comparison is fair but is not a dose verification.</footer>
<script type="application/octet-stream" id="plotly-gz">${Buffer.from(plotly.gzip).toString('base64')}</script>
<script type="application/octet-stream" id="figures-gz">${figuresPayload}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body></html>
`;
}

/** Writes report.html atomically (the caller has validated everything first). */
export function writeReportHtml(path: string, html: string): void {
  writeFileAtomic(path, html);
}
