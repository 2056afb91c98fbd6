/**
 * The CSS (screen and print) and the small page script of report.html, as strings inlined by html-report.ts.
 * The script only decodes and draws: it inflates the inlined plotly bundle and figure specs (gzip + base64)
 * with DecompressionStream, then calls Plotly.newPlot for each figure. It never touches the network.
 */

export const REPORT_CSS = `
:root { --ok: #1a7f37; --warn: #b35900; --bad: #c0162b; --muted: #57606a; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: #1f2328; }
header h1 { font-size: 22px; margin: 0 0 4px; }
header p { margin: 2px 0; color: var(--muted); }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.verdict { border-radius: 8px; padding: 12px 18px; margin: 16px 0; color: #fff; }
.verdict h2 { border: none; margin: 0 0 6px; font-size: 20px; }
.verdict p { margin: 0 0 8px; }
.verdict-pass { background: var(--ok); }
.verdict-tolerance { background: var(--warn); }
.verdict-action { background: var(--bad); }
.reasons { margin: 0; padding-left: 18px; }
.reasons li { margin: 2px 0; }
.verdict details summary { cursor: pointer; margin-top: 6px; opacity: .9; }
.badge { display: inline-block; min-width: 70px; font-size: 11px; text-transform: uppercase; background: rgba(255,255,255,.25); border-radius: 4px; padding: 0 6px; text-align: center; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; }
table.data th { background: #f6f8fa; }
table.data td:first-child, table.data th:first-child, table.data td.metric { text-align: left; }
tr.roi-first td { border-top: 2px solid #8c959f; }
.delta-ok { background: #dafbe1; color: var(--ok); font-weight: 600; }
.delta-warn { background: #fff1e5; color: var(--warn); font-weight: 600; }
.delta-bad { background: #ffebe9; color: var(--bad); font-weight: 600; }
table.kv { border-collapse: collapse; font-size: 13px; margin-bottom: 12px; }
table.kv th { text-align: left; padding: 2px 12px 2px 0; color: var(--muted); font-weight: 500; vertical-align: top; }
table.kv td { padding: 2px 0; word-break: break-all; }
table.kv caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
.two-col { display: flex; gap: 48px; flex-wrap: wrap; }
.figure { margin: 8px 0 20px; break-inside: avoid; page-break-inside: avoid; }
.figure h3 { font-size: 15px; margin: 8px 0 2px; }
.plot { width: 100%; min-height: 300px; }
.note { color: var(--muted); font-size: 12px; }
.load-error { background: #ffebe9; color: var(--bad); padding: 8px; border-radius: 6px; }
.signature { display: none; }
footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; }
  .no-print { display: none !important; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  table.data { font-size: 10px; }
  .signature { display: block; margin-top: 24px; border: 1px solid #8c959f; padding: 12px; break-inside: avoid; }
  .signature div { margin: 18px 0 4px; }
}
`;

/** Page script. Sets body[data-plots-ready="true"] when every plot is drawn (the PDF writer and tests wait for it). */
export const REPORT_PAGE_SCRIPT = `
(function () {
  'use strict';
  function bytes(id) {
    var b64 = document.getElementById(id).textContent.trim();
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var n = 0; n < bin.length; n++) out[n] = bin.charCodeAt(n);
    return out;
  }
  function inflate(id) {
    var stream = new Blob([bytes(id)]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  async function main() {
    var plotlySource = await inflate('plotly-gz');
    // The bundle is plotly.js-dist minified at build time; it defines window.Plotly.
    new Function(plotlySource)();
    var figures = JSON.parse(await inflate('figures-gz'));
    for (var n = 0; n < figures.length; n++) {
      var f = figures[n];
      await window.Plotly.newPlot(f.id, f.data, f.layout, { responsive: true, displaylogo: false });
    }
    document.body.setAttribute('data-plots-ready', 'true');
  }
  main().catch(function (error) {
    var box = document.getElementById('load-error');
    box.hidden = false;
    box.textContent = 'The plots could not be drawn: ' + error;
    document.body.setAttribute('data-plots-ready', 'error');
    console.error(error);
  });
})();
`;
