import { escapeHtml } from './page-blocks.js';
import {
  DVH_METRIC_IDS,
  type DvhEntry,
  type GammaResultEntry,
  type ValidationReport,
  type VerdictReason,
} from './validation-report.js';

/** HTML fragments of report.html (tables and banner). Every string from the data is escaped. */

/** Fixed decimals; '–' for missing values; values that round to zero print without a minus sign. */
const fmt = (v: number | null | undefined, digits: number): string =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : Math.abs(v) < 0.5 * 10 ** -digits
      ? (0).toFixed(digits)
      : v.toFixed(digits);

const LEVEL_TEXT = {
  pass: 'PASS: dosimetrically equivalent within the criteria',
  tolerance: 'OUTSIDE TOLERANCE: investigate before planning on the sCT',
  action: 'ACTION LEVEL: do not plan on this sCT',
} as const;

export function verdictBanner(report: ValidationReport): string {
  const v = report.verdict;
  const order = { action: 0, tolerance: 1, info: 2, pass: 3 } as const;
  const sorted = [...v.reasons].sort((a, b) => order[a.severity] - order[b.severity]);
  const gating = sorted.filter((r) => r.severity !== 'info');
  const info = sorted.filter((r) => r.severity === 'info');
  return `<section class="verdict verdict-${v.level}" id="verdict">
  <h2>${escapeHtml(LEVEL_TEXT[v.level])}</h2>
  <p>${escapeHtml(v.summary)}</p>
  <ul class="reasons">${gating.map(reasonItem).join('')}</ul>
  <details><summary>${info.length} reported (not gating) values</summary><ul class="reasons">${info.map(reasonItem).join('')}</ul></details>
</section>`;
}

function reasonItem(r: VerdictReason): string {
  return `<li class="sev-${r.severity}"><span class="badge">${r.severity}</span> ${escapeHtml(r.message)}</li>`;
}

export function gammaTable(gamma: readonly GammaResultEntry[]): string {
  const roiNames = [...new Set(gamma.flatMap((g) => g.perRoi.map((r) => r.name)))];
  const head = `<tr><th>Criterion</th><th>Norm. dose (Gy)</th><th>Evaluated voxels</th><th>Pass rate (%)</th>
<th>Mean γ</th><th>γ 95th pct</th>${roiNames.map((n) => `<th>${escapeHtml(n)} (%)</th>`).join('')}</tr>`;
  const rows = gamma.map((g) => {
    const byName = new Map(g.perRoi.map((r) => [r.name, r]));
    const cells = roiNames.map((n) => {
      const r = byName.get(n);
      return `<td title="${r?.evaluatedVoxels ?? 0} voxels">${fmt(r?.passRatePercent, 1)}</td>`;
    });
    return `<tr><td>${escapeHtml(g.label)}</td><td>${fmt(g.normalisationDoseGy, 3)}</td><td>${g.evaluatedVoxels}</td>
<td><strong>${fmt(g.passRatePercent, 2)}</strong></td><td>${fmt(g.meanGamma, 3)}</td><td>${fmt(g.gammaP95, 2)}</td>${cells.join('')}</tr>`;
  });
  return `<table class="data" id="gamma-table"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/**
 * DVH metric table: |Δ| ≤ tolerance green, ≤ action amber, beyond red. Targets are gated by the verdict; OAR
 * rows use the same colours as a visual guide (their status column says "reported" unless an OAR limit is set).
 */
export function dvhTable(report: ValidationReport): string {
  const c = report.provenance.criteria;
  const head = `<tr><th>ROI</th><th>Type</th><th>Volume (cm³)</th><th>Metric</th><th>CT (Gy)</th><th>sCT (Gy)</th>
<th>Δ (Gy)</th><th>Δ (% Rx)</th><th>Status</th></tr>`;
  const rows = report.dvh.flatMap((e) => DVH_METRIC_IDS.map((m, n) => dvhRow(e, m, n, c)));
  return `<table class="data" id="dvh-table"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function dvhRow(
  e: DvhEntry,
  m: (typeof DVH_METRIC_IDS)[number],
  n: number,
  c: ValidationReport['provenance']['criteria'],
): string {
  const delta = e.delta[`${m}Percent`];
  const gated = e.isTarget
    ? c.targetMetrics.includes(m)
    : c.oarTolerancePercent !== null && c.oarMetrics.includes(m);
  const tol = e.isTarget ? c.targetTolerancePercent : (c.oarTolerancePercent ?? c.targetTolerancePercent);
  const cls = Math.abs(delta) <= tol ? 'ok' : Math.abs(delta) <= c.targetActionPercent ? 'warn' : 'bad';
  const status = gated ? (cls === 'ok' ? 'within tolerance' : `exceeds ±${tol} %`) : 'reported';
  const first = n === 0;
  const roiCells = first
    ? `<td rowspan="${DVH_METRIC_IDS.length}">${escapeHtml(e.name)}</td><td rowspan="${DVH_METRIC_IDS.length}">${escapeHtml(e.roiType)}</td><td rowspan="${DVH_METRIC_IDS.length}">${fmt(e.volumeCm3, 1)}</td>`
    : '';
  return `<tr class="${first ? 'roi-first' : ''}">${roiCells}<td class="metric">${m === 'Dmean' ? 'Dmean' : `${m} %`}</td>
<td>${fmt(e.ct[`${m}Gy`], 3)}</td><td>${fmt(e.sct[`${m}Gy`], 3)}</td><td>${fmt(e.deltaGy[`${m}Gy`], 3)}</td>
<td class="delta delta-${cls}">${fmt(delta, 2).startsWith('-') ? '' : '+'}${fmt(delta, 2)}</td><td>${status}</td></tr>`;
}

export function metricsSection(report: ValidationReport): string {
  const im = report.imageMetrics;
  const dd = report.doseDifference;
  const kv = (k: string, v: string): string => `<tr><th>${k}</th><td>${v}</td></tr>`;
  return `<div class="two-col">
<table class="kv" id="image-metrics"><caption>Image metrics in the body (SynthRAD2023 definitions)</caption>
${kv('MAE', `${fmt(im.maeHu, 1)} HU`)}${kv('ME (sCT − CT)', `${fmt(im.meHu, 1)} HU`)}
${kv('PSNR', im.psnrDb === null ? '∞ (identical images)' : `${fmt(im.psnrDb, 2)} dB`)}${kv('SSIM', fmt(im.ssim, 4))}${kv('Body voxels', String(im.maskVoxels))}</table>
<table class="kv" id="dose-metrics"><caption>Dose differences (% of prescription ${fmt(report.prescriptionGy, 3)} Gy)</caption>
${kv('Dose MAE (CT dose ≥ 90 % Rx)', `${fmt(dd.doseMaePercent, 3)} % (${dd.highDoseVoxels} voxels)`)}
${kv('Mean difference (dose ≥ cutoff)', `${fmt(dd.meanDifferencePercent, 3)} %`)}
${kv('Max |difference|', `${fmt(dd.maxAbsDifferencePercent, 2)} %`)}</table></div>`;
}

export function provenanceSection(report: ValidationReport): string {
  const p = report.provenance;
  const kv = (k: string, v: string): string => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
  const timings = Object.entries(p.timingsMs)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`)
    .join(', ');
  const rows = [
    kv('Tool', `${p.tool.name} ${p.tool.version}${p.tool.gitSha ? ` (${p.tool.gitSha})` : ''}`),
    kv('Created (UTC)', p.createdUtc),
    kv('Runtime', `${p.node} on ${p.platform}`),
    kv('HU → RED table', `${p.hlut.id} (${p.hlut.source})${p.hlut.sha256 ? ` sha256 ${p.hlut.sha256}` : ''}`),
    kv('sCT model', p.model ? `${p.model.id} sha256 ${p.model.sha256}` : 'none (sCT given as input)'),
    kv('Backend', p.backend),
    kv('Dose engine', p.doseEngine),
    kv('Dose grid', `${p.doseGrid.size.join(' × ')} voxels of ${p.doseGrid.spacingMm.join(' × ')} mm`),
    kv('Prescription', `${p.prescriptionGy} Gy (from ${p.prescriptionSource})`),
    kv(
      'Registration',
      p.assumeRegistered
        ? 'ASSUMED (--assume-registered): differing frames of reference accepted'
        : 'frames of reference must match where the inputs record one',
    ),
    ...Object.entries(p.inputs).map(([k, v]) => kv(`Input: ${k}`, v)),
    kv('Timings', timings),
  ];
  const warnings = p.warnings.length
    ? `<h3>Warnings</h3><ul class="warnings">${p.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  return `<table class="kv" id="provenance-table">${rows.join('\n')}</table>${warnings}
<details><summary>Criteria (JSON)</summary><pre>${escapeHtml(JSON.stringify(p.criteria, null, 2))}</pre></details>`;
}
