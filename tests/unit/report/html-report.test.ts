import { describe, expect, it } from 'vitest';
import { makeDvhFigure } from '../../../src/report/figures/dvh-figure.js';
import { makePassRateFigure } from '../../../src/report/figures/gamma-figures.js';
import { REPORT_HTML_MAX_BYTES, renderReportHtml } from '../../../src/report/html-report.js';
import { loadPlotlyAsset } from '../../../src/report/plotly-asset.js';
import { buildReportFigures } from '../../../src/report/report-figures.js';
import { sampleReportImages } from '../../../src/report/report-images.js';
import { anonymizeReport } from '../../../src/report/report-json.js';
import { syntheticReport, syntheticVolumes } from './fixtures/synthetic-report.js';

describe('report figures (pure specs)', () => {
  it('DVH: per ROI one colour, CT solid and sCT dashed, toggled together', () => {
    const r = syntheticReport();
    const fig = makeDvhFigure(r.dvhCurves, r.prescriptionGy);
    expect(fig.data).toHaveLength(2 * r.dvhCurves.length);
    for (let n = 0; n < r.dvhCurves.length; n++) {
      const [ct, sct] = [
        fig.data[2 * n] as Record<string, unknown>,
        fig.data[2 * n + 1] as Record<string, unknown>,
      ];
      const [lc, ls] = [
        ct['line'] as { color: string; dash?: string },
        sct['line'] as { color: string; dash?: string },
      ];
      expect(lc.color).toBe(ls.color);
      expect(lc.dash).toBeUndefined();
      expect(ls.dash).toBe('dash');
      expect(ct['legendgroup']).toBe(sct['legendgroup']);
      expect(ct['x']).toBe(r.dvhCurves[n]!.ct.doseGy);
    }
    expect(fig.data[0]!['line']).toEqual({ color: 'rgb(255, 0, 0)', width: 2 }); // the ROI's own colour
  });

  it('pass rates: one bar group per criterion over "All" and every ROI; missing rates stay gaps', () => {
    const r = syntheticReport();
    const fig = makePassRateFigure(r.gamma, 95, 90);
    expect(fig.data).toHaveLength(r.gamma.length);
    expect(fig.data[0]!['x']).toEqual(['All', 'PTV', 'Rectum', 'Bladder']);
    expect(fig.data[0]!['y']).toEqual([98.7, 98.2, 98.9, null]);
  });

  it('slice views: one slider per panel whose steps restyle that panel (and its isodose lines)', () => {
    const r = syntheticReport();
    const figures = buildReportFigures(r, sampleReportImages(syntheticVolumes()));
    const dose = figures.find((f) => f.id === 'fig-dose-ct')!;
    expect(dose.data.map((t) => t.type)).toEqual([
      'heatmap',
      'heatmap',
      'heatmap',
      'contour',
      'contour',
      'contour',
    ]);
    const sliders = dose.layout['sliders'] as {
      steps: { args: [{ z: unknown[] }, number[]] }[];
      active: number;
    }[];
    expect(sliders).toHaveLength(3);
    sliders.forEach((s, o) => {
      for (const step of s.steps) {
        expect(step.args[1]).toEqual([o, o + 3]);
        expect(step.args[0].z).toHaveLength(2);
      }
    });
    const ct = figures.find((f) => f.id === 'fig-ct')!;
    expect(
      (ct.layout['sliders'] as { steps: { args: [unknown, number[]] }[] }[])[1]!.steps[0]!.args[1],
    ).toEqual([1]);
    expect(figures.map((f) => f.id)).toEqual([
      'fig-dvh',
      'fig-pass-rates',
      'fig-gamma-histogram',
      'fig-ct',
      'fig-sct',
      'fig-hu-diff',
      'fig-dose-ct',
      'fig-dose-sct',
      'fig-dose-diff',
      'fig-gamma-map',
    ]);
  });
});

describe('report.html', () => {
  it('is self-contained: no external script, link or image, and within 5 MB', async () => {
    const r = syntheticReport();
    const html = renderReportHtml(
      r,
      buildReportFigures(r, sampleReportImages(syntheticVolumes())),
      await loadPlotlyAsset(),
    );
    expect(Buffer.byteLength(html)).toBeLessThan(REPORT_HTML_MAX_BYTES);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src=["']?https?:/i);
    expect(html).not.toMatch(/https?:\/\/cdn/i);
  });

  it('escapes data, colours deltas by tolerance, and shows the verdict level', async () => {
    const r = syntheticReport(3.1);
    const html = renderReportHtml(r, [], await loadPlotlyAsset());
    expect(html).toContain('fixture warning &#60;b&#62;escaped&#60;/b&#62;');
    expect(html).not.toContain('<b>escaped</b>');
    expect(html).toContain('Bladder, wall &#34;outer&#34;');
    expect(html).toContain('class="verdict verdict-action"');
    expect(html).toMatch(/<td class="delta delta-bad">\+3\.10<\/td><td>exceeds ±2 %<\/td>/);
    expect(html).toMatch(/<td class="delta delta-ok">-0\.80<\/td><td>reported<\/td>/);
    expect(html).toContain('PHANTOM^PELVIS');
  });

  it('--anonymize: no patient name, ID or input path in the page', async () => {
    const html = renderReportHtml(anonymizeReport(syntheticReport()), [], await loadPlotlyAsset());
    expect(html).toContain('Patient: anonymised');
    expect(html).not.toMatch(/PHANTOM\^PELVIS|EQ-0001|Doe_John/);
  });
});
