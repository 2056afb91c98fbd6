import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html-report.js';
import { loadPlotlyAsset } from '../../src/report/plotly-asset.js';
import { buildReportFigures } from '../../src/report/report-figures.js';
import { sampleReportImages } from '../../src/report/report-images.js';
import { syntheticReport, syntheticVolumes } from '../unit/report/fixtures/synthetic-report.js';
import { HAVE_CHROMIUM, launchChromium, openReport, SCREENSHOT_DIR } from './report-browser.js';

describe.skipIf(!HAVE_CHROMIUM)('report.html in headless chromium (needs /usr/bin/chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every plot with data, offline, with no console error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-report-'));
    const report = syntheticReport();
    const figures = buildReportFigures(report, sampleReportImages(syntheticVolumes()));
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, renderReportHtml(report, figures, await loadPlotlyAsset()));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const opened = await openReport(browser, htmlPath, join(SCREENSHOT_DIR, 'report-synthetic.png'));
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.ready).toBe('true');
    expect(opened.plots.map((p) => p.id).sort()).toEqual(figures.map((f) => f.id).sort());
    for (const plot of opened.plots) {
      expect(plot.drawn, plot.id).toBe(true);
      expect(plot.traces, plot.id).toBeGreaterThan(0);
      expect(plot.tracesWithData, plot.id).toBe(plot.traces);
    }
    expect(opened.verdictText).toMatch(/PASS/);
  });
});
