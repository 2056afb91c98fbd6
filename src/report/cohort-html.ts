import type { CohortMetricSummary, CohortReport } from '../cohort/cohort-result.js';
import {
  blandAltmanFigureId,
  makeBlandAltmanFigure,
  makeCohortDvhBoxFigure,
  makeCohortGammaFigure,
} from './figures/cohort-figures.js';
import type { PlotlyFigure } from './figures/plotly-types.js';
import { escapeHtml, figurePicker, gzipBase64, section } from './page-blocks.js';
import { REPORT_CSS, REPORT_PAGE_SCRIPT } from './page-assets.js';
import type { PlotlyAsset } from './plotly-asset.js';

/**
 * cohort.html: the cohort study in the same self-contained, offline style as report.html (same CSS and page
 * script, plotly inlined gzip+base64, figure specs inlined). Tables hold every number; plots draw from them.
 */

const fmt = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
const signed = (v: number | null, digits: number): string =>
  v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

function table(id: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="data" id="${id}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function verdictBanner(report: CohortReport): string {
  const v = report.verdict;
  const cls = v.pass ? 'pass' : 'action';
  const reasons = v.reasons
    .map((r) => `<li><span class="badge">${r.severity}</span> ${escapeHtml(r.message)}</li>`)
    .join('');
  return `<section class="verdict verdict-${cls}" id="verdict"><h2>Cohort verdict: ${escapeHtml(v.summary)}</h2>
<ul class="reasons">${reasons}</ul></section>`;
}

function casesTable(report: CohortReport): string {
  const rows = report.cases.map((c) => [
    c.reportDir
      ? `<a href="${escapeHtml(`${c.reportDir}/report.html`)}">${escapeHtml(c.caseId)}</a>`
      : escapeHtml(c.caseId),
    c.status,
    c.verdictLevel ?? '–',
    fmt(c.prescriptionGy, 3),
    c.elapsedMs === null ? '–' : (c.elapsedMs / 1000).toFixed(1),
    escapeHtml(c.error ?? ''),
  ]);
  return table('cases-table', ['Case', 'Status', 'Verdict', 'Rx (Gy)', 'Time (s)', 'Error'], rows);
}

const statsCells = (m: CohortMetricSummary, digits: number): string[] => [
  String(m.stats.n),
  `${fmt(m.stats.mean, digits)} ± ${fmt(m.stats.sd, digits)}`,
  fmt(m.stats.median, digits),
  `${fmt(m.stats.min, digits)} … ${fmt(m.stats.max, digits)}`,
];

function dvhSummaryTable(report: CohortReport): string {
  const byKey = new Map(report.metrics.map((m) => [m.id, m]));
  const deltas = report.metrics.filter((m) => m.group === 'dvh' && m.quantity === 'deltaPercent');
  const rows = deltas.map((m) => {
    const gy = byKey.get(`dvh:${m.roi}:${m.metric}:deltaGy`);
    const ct = byKey.get(`dvh:${m.roi}:${m.metric}:ctGy`);
    return [
      escapeHtml(m.roi ?? ''),
      m.isTarget ? 'target' : 'OAR',
      m.metric,
      fmt(ct?.stats.mean, 3),
      ...statsCells(m, 2),
      gy ? `${fmt(gy.stats.mean, 3)} ± ${fmt(gy.stats.sd, 3)}` : '–',
    ];
  });
  return table(
    'cohort-dvh-table',
    [
      'ROI',
      'Kind',
      'Metric',
      'CT mean (Gy)',
      'n',
      'Δ mean ± SD (% Rx)',
      'Δ median',
      'Δ range',
      'Δ mean ± SD (Gy)',
    ],
    rows,
  );
}

function blandAltmanTable(report: CohortReport): string {
  const rows = report.blandAltman.map((b) => [
    escapeHtml(b.roi),
    b.isTarget ? 'target' : 'OAR',
    b.metric,
    String(b.percent.n),
    signed(b.percent.bias, 2),
    b.percent.biasCi95 ? `${signed(b.percent.biasCi95[0], 2)} … ${signed(b.percent.biasCi95[1], 2)}` : '–',
    `${signed(b.percent.loaLower, 2)} … ${signed(b.percent.loaUpper, 2)}`,
    signed(b.gy.bias, 3),
    `${signed(b.gy.loaLower, 3)} … ${signed(b.gy.loaUpper, 3)}`,
  ]);
  return table(
    'cohort-ba-table',
    [
      'ROI',
      'Kind',
      'Metric',
      'n',
      'Bias (% Rx)',
      'Bias 95 % CI',
      '95 % LoA (% Rx)',
      'Bias (Gy)',
      '95 % LoA (Gy)',
    ],
    rows,
  );
}

function gammaTable(report: CohortReport): string {
  const rows = report.gamma.map((g) => [
    `${escapeHtml(g.label)}${g.gating ? ' (gating)' : ''}`,
    String(g.stats.n),
    `${fmt(g.stats.mean, 2)} ± ${fmt(g.stats.sd, 2)}`,
    fmt(g.stats.median, 2),
    `${fmt(g.stats.min, 2)} … ${fmt(g.stats.max, 2)}`,
    String(g.counts.withinTolerance),
    String(g.counts.belowTolerance),
    String(g.counts.belowAction),
  ]);
  const g0 = report.gamma.find((g) => g.gating);
  const levels = g0 ? `≥ ${g0.tolerancePassPercent} %` : 'tolerance';
  return table(
    'cohort-gamma-table',
    [
      'Criterion',
      'n',
      'Mean ± SD (%)',
      'Median',
      'Range',
      `Cases ${levels}`,
      'Below tolerance',
      'Below action',
    ],
    rows,
  );
}

function otherMetricsTable(report: CohortReport): string {
  const rows = report.metrics
    .filter((m) => m.group === 'image' || m.group === 'doseDifference')
    .map((m) => [escapeHtml(m.metric), escapeHtml(m.unit), ...statsCells(m, m.unit === '1' ? 4 : 2)]);
  return table('cohort-other-table', ['Metric', 'Unit', 'n', 'Mean ± SD', 'Median', 'Range'], rows);
}

function settingsBlock(report: CohortReport): string {
  const kv = Object.entries(report.settings)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v ?? '–'))}</td></tr>`)
    .join('');
  const warnings = report.warnings.length
    ? `<h3>Warnings</h3><ul class="warnings">${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  return `<table class="kv" id="cohort-settings">${kv}</table>${warnings}`;
}

/** All figures of the page, in page order. */
export function cohortFigures(report: CohortReport): PlotlyFigure[] {
  const tolerance = report.verdict.targetTolerancePercent ?? 2;
  return [
    ...(report.gamma.length ? [makeCohortGammaFigure(report.gamma)] : []),
    ...(report.metrics.some((m) => m.group === 'dvh')
      ? [makeCohortDvhBoxFigure(report.metrics, tolerance)]
      : []),
    ...report.blandAltman.map((b, n) => makeBlandAltmanFigure(b, n)),
  ];
}

/** Renders cohort.html. */
export function renderCohortHtml(report: CohortReport, plotly: PlotlyAsset): string {
  const figures = cohortFigures(report);
  const pick = figurePicker(figures);
  const baIds = report.blandAltman.map((_, n) => blandAltmanFigureId(n));
  const payload = gzipBase64(
    JSON.stringify(figures.map((f) => ({ id: f.id, data: f.data, layout: f.layout }))),
  );
  const computed = report.cases.filter((c) => c.status !== 'failed').length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>equidose sCT cohort study</title>
<style>${REPORT_CSS}</style></head>
<body data-plots-ready="false">
<header><h1>Synthetic CT cohort study</h1>
<p>${computed} of ${report.cases.length} cases completed · manifest ${escapeHtml(report.manifest)}</p>
<p>Created ${escapeHtml(report.createdUtc)} by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} · research validation software, not a clinical TPS</p></header>
${verdictBanner(report)}
<div id="load-error" class="load-error" hidden></div>
<noscript><p class="load-error">Plots need JavaScript; the tables below hold every number.</p></noscript>
${section('cases', 'Cases', `<p class="note">Each case links to its own report.</p>${casesTable(report)}`)}
${section('gamma', 'Gamma pass rates (TG-218)', `${gammaTable(report)}${pick('fig-cohort-gamma')}`)}
${section('dvh', 'DVH metric differences', `${pick('fig-cohort-dvh-box')}${dvhSummaryTable(report)}`)}
${section('bland-altman', 'Bland–Altman agreement (CT reference, sCT evaluated)', `<p class="note">Bias = mean of sCT − CT; 95 % limits of agreement = bias ± 1.96 SD (Bland &amp; Altman 1986). Target D98/D50/D2 and OAR Dmean.</p>${blandAltmanTable(report)}${pick(...baIds)}`)}
${section('metrics', 'Image and dose-difference metrics', otherMetricsTable(report))}
${section('settings', 'Settings', settingsBlock(report))}
<footer>Statistics are computed from the per-case report.json files in cases/; cohort.csv holds every value they were computed from.</footer>
<script type="application/octet-stream" id="plotly-gz">${Buffer.from(plotly.gzip).toString('base64')}</script>
<script type="application/octet-stream" id="figures-gz">${payload}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body></html>
`;
}
