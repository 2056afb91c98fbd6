import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html-report.js';
import { loadPlotlyAsset } from '../../src/report/plotly-asset.js';
import { buildReportFigures } from '../../src/report/report-figures.js';
import { sampleReportImages } from '../../src/report/report-images.js';
import { syntheticReport, syntheticVolumes } from '../unit/report/fixtures/synthetic-report.js';
import { expectPlotsDrawn, HAVE_CHROMIUM, openReport, useChromium } from './report-browser.js';

describe.skipIf(!HAVE_CHROMIUM)('report.html in headless chromium (needs /usr/bin/chromium)', () => {
  const browser = useChromium();

  it('renders every plot with data, offline, with no console error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-report-'));
    const report = syntheticReport();
    const figures = buildReportFigures(report, sampleReportImages(syntheticVolumes()));
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, renderReportHtml(report, figures, await loadPlotlyAsset()));
    const opened = await openReport(browser(), htmlPath, 'report-synthetic.png');
    expectPlotsDrawn(opened);
    expect(opened.plots.map((p) => p.id).sort()).toEqual(figures.map((f) => f.id).sort());
    expect(opened.verdictText).toMatch(/PASS/);
  });
});
