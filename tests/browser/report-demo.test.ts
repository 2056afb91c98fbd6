import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_HTML_MAX_BYTES } from '../../src/report/html-report.js';
import type { ValidationReport } from '../../src/report/validation-report.js';
import { loadModel } from '../../src/synthct/model-manifest.js';
import { shippedModelDir } from '../../src/synthct/shipped-model.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { makeReportValidator } from '../helpers/report-schema.js';
import { expectPlotsDrawn, HAVE_CHROMIUM, openReport, useChromium } from './report-browser.js';

/**
 * `equidose demo` end to end, then its report.html opened from disk in headless chromium (offline): no console
 * error, every plot drawn with data, a full-page screenshot in the OS temp dir for a person to look at.
 */

const HAVE_MODEL = existsSync(join(shippedModelDir(), 'manifest.json'));

describe.skipIf(!HAVE_MODEL)('equidose demo (needs the shipped model in models/)', () => {
  let out: string;
  let demo: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), 'equidose-demo-')), 'demo');
    demo = await runCliCaptured(['demo', '--out', out]);
  });

  it('runs the whole chain with the shipped model and prints the report path', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toBe(`${join(out, 'report.html')}\n`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ValidationReport;
    expect(makeReportValidator()(report)).toEqual({ valid: true, errors: [] });
    const model = loadModel(shippedModelDir());
    expect(report.provenance.model).toEqual({ id: model.manifest.id, sha256: model.manifest.onnx.sha256 });
    expect(report.provenance.inputs['mr']).toBe(join(out, 'inputs', 'mr.nii.gz'));
    expect(statSync(join(out, 'report.html')).size).toBeLessThanOrEqual(REPORT_HTML_MAX_BYTES);
    expect(existsSync(join(out, 'sct_on_ct_grid.nii.gz'))).toBe(true);
  });

  describe.skipIf(!HAVE_CHROMIUM)('its report in headless chromium', () => {
    const browser = useChromium();

    it('renders every plot with data, offline, with no console error', async () => {
      const opened = await openReport(browser(), join(out, 'report.html'), 'report-demo.png');
      expectPlotsDrawn(opened);
      expect(opened.plots.length).toBe(10);
    });
  });
});
