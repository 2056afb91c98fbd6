import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCohortFiles } from '../../../src/cohort/cohort-files.js';
import { readCohortManifest } from '../../../src/cohort/manifest.js';
import { runCohort } from '../../../src/cohort/run-cohort.js';
import { PoolAbortedError } from '../../../src/cohort/worker-pool.js';
import { REPORT_HTML_MAX_BYTES } from '../../../src/report/html-report.js';
import { HAVE_CHROMIUM, launchChromium, openReport } from '../../browser/report-browser.js';
import { runCliCaptured } from '../../helpers/run-cli.js';
import { bundleWorker } from '../../unit/cohort/fixtures/bundle-worker.js';
import { expectAggregatesMatch } from '../../unit/cohort/fixtures/independent-aggregates.js';

/**
 * A real cohort end to end: 11 coarse pelvis phantoms (`equidose phantom --scale 5`, 40×30×20 voxels), each with a controlled sCT
 * error, plus one case whose CT is corrupt; every case runs the real `equidose validate` in the worker pool
 * (dose grid 10 mm, js backend, so the whole cohort takes seconds per case). The run is interrupted after four
 * cases and resumed; the aggregates are checked against an independent computation from the per-case JSON.
 */

const ERRORS: readonly [string, readonly string[]][] = [
  ['identical', ['hu-offset=0']],
  ['hu-plus30', ['hu-offset=30']],
  ['hu-minus60', ['hu-offset=-60']],
  ['hu-plus120', ['hu-offset=120']],
  ['bone-0.8', ['bone-scale=0.8']],
  ['bone-1.2', ['bone-scale=1.2']],
  ['blur-3mm', ['bone-blur=3']],
  ['shift-3mm', ['body-shift=3']],
  ['air-missing', ['air-pocket=missing']],
  ['bulk-water', ['bulk=water']],
  ['bulk-wb', ['bulk=water-bone']],
];
const COHORT = { backend: 'js', doseGridMm: 10, jobs: 2 } as const;

let dir: string;
let workerUrl: URL;
let cohortHtml: string | undefined;

beforeAll(async () => {
  workerUrl = await bundleWorker('src/cohort/cohort-worker.ts');
  dir = mkdtempSync(join(tmpdir(), 'equidose-cohort-it-'));
  const rows = ['case,ct,sct,structures,plan'];
  for (const [n, [name, errors]] of ERRORS.entries()) {
    const caseDir = join(dir, name);
    const args = ['phantom', '--site', 'pelvis', '--seed', String(n + 1), '--scale', '5', '--mu', 'estimate'];
    const r = await runCliCaptured([...args, ...errors.flatMap((e) => ['--sct-error', e]), '--out', caseDir]);
    expect(r.code, r.stderr).toBe(0);
    rows.push(`${name},${name}/ct.nii.gz,${name}/sct.nii.gz,${name}/structures.nii.gz,${name}/plan.json`);
  }
  // A case that exists but cannot be read: it must fail alone.
  writeFileSync(join(dir, 'corrupt-ct.nii.gz'), 'not a NIfTI file');
  rows.push(
    'zz-corrupt,corrupt-ct.nii.gz,identical/sct.nii.gz,identical/structures.nii.gz,identical/plan.json',
  );
  writeFileSync(join(dir, 'manifest.csv'), `${rows.join('\n')}\n`);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(fileURLToPath(workerUrl), { force: true });
});

const caseFolders = (out: string): string[] =>
  readdirSync(join(out, 'cases'))
    .filter((n) => !n.startsWith('.'))
    .sort();

describe('cohort on a phantom cohort with mixed sCT errors', () => {
  it('runs end to end, resumes after an interruption without recomputing, aggregates = per-case JSON', async () => {
    const manifest = readCohortManifest(join(dir, 'manifest.csv'));
    expect(manifest.cases).toHaveLength(12);
    const out = join(dir, 'out');

    const controller = new AbortController();
    const progress: string[] = [];
    await expect(
      runCohort(manifest, {
        ...COHORT,
        outDir: out,
        workerUrl,
        signal: controller.signal,
        onProgress: (e) => {
          progress.push(`${e.caseId}: ${e.message}`);
          if (e.done === 4) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(PoolAbortedError);
    const firstFour = caseFolders(out);
    expect(firstFour, progress.join('\n')).toHaveLength(4);
    const mtimes = firstFour.map((c) => statSync(join(out, 'cases', c, 'report.json')).mtimeMs);

    const result = await runCohort(manifest, { ...COHORT, outDir: out, workerUrl });
    const { report } = result;
    expect(
      report.cases
        .filter((c) => c.status === 'reused')
        .map((c) => c.caseId)
        .sort(),
    ).toEqual(firstFour);
    expect([...result.computed].sort()).toEqual(
      ERRORS.map(([n]) => n)
        .filter((n) => !firstFour.includes(n))
        .sort(),
    );
    expect(firstFour.map((c) => statSync(join(out, 'cases', c, 'report.json')).mtimeMs)).toEqual(mtimes);

    // The corrupt case failed alone, with validate's own one-line message.
    const corrupt = report.cases.find((c) => c.caseId === 'zz-corrupt');
    expect(corrupt?.status).toBe('failed');
    expect(corrupt?.error).toMatch(/^validate exited 1: .*corrupt-ct\.nii\.gz/);
    expect(report.cases.filter((c) => c.status !== 'failed')).toHaveLength(11);
    expect(report.verdict.failedCases).toBe(1);
    expect(report.verdict.pass).toBe(false);

    // Aggregates equal an independent computation from the report.json files on disk.
    const fromDisk = ERRORS.map(([caseId]) => ({
      caseId,
      report: JSON.parse(readFileSync(join(out, 'cases', caseId, 'report.json'), 'utf8')) as unknown,
    }));
    expectAggregatesMatch(report, fromDisk);

    // The numbers follow the physics: an sCT identical to the CT → no difference at all; a denser sCT → less
    // target dose; bulk water (no bone in the beams) breaks the target criterion.
    const d50 = (caseId: string): number => {
      const m = report.metrics.find((x) => x.id === 'dvh:PTV:D50:deltaPercent');
      return m?.values[m.cases.indexOf(caseId)] as number;
    };
    expect(d50('identical')).toBe(0);
    const gamma3 = report.metrics.find((m) => m.id === 'gamma:3%/2mm G10');
    expect(gamma3?.values[gamma3.cases.indexOf('identical')]).toBe(100);
    expect(d50('hu-plus120')).toBeLessThan(0);
    expect(d50('hu-minus60')).toBeGreaterThan(0);
    expect(report.cases.find((c) => c.caseId === 'identical')?.verdictLevel).toBe('pass');
    expect(report.cases.find((c) => c.caseId === 'bulk-water')?.verdictLevel).not.toBe('pass');

    const files = await writeCohortFiles(out, report);
    expect(files.map((f) => f.split('/').pop())).toEqual(['cohort.json', 'cohort.csv', 'cohort.html']);
    const html = readFileSync(join(out, 'cohort.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(REPORT_HTML_MAX_BYTES);
    const payload = /id="figures-gz">([^<]+)</.exec(html)?.[1] as string;
    const figures = JSON.parse(gunzipSync(Buffer.from(payload, 'base64')).toString('utf8')) as {
      id: string;
      data: { y?: number[] }[];
    }[];
    expect(figures.map((f) => f.id)).toEqual(
      expect.arrayContaining(['fig-cohort-gamma', 'fig-cohort-dvh-box', 'fig-cohort-ba-0']),
    );
    for (const f of figures) expect(f.data.some((t) => (t.y?.length ?? 0) > 0)).toBe(true);
    expect(html).toContain('href="cases/identical/report.html"');
    cohortHtml = join(out, 'cohort.html');
  }, 300_000);

  it.skipIf(!HAVE_CHROMIUM)(
    'cohort.html draws every plot offline in Chromium, without console errors',
    async () => {
      expect(cohortHtml, 'the end-to-end test above writes cohort.html').toBeDefined();
      const browser = await launchChromium();
      try {
        const opened = await openReport(browser, cohortHtml as string, 'cohort.png');
        expect(opened.consoleErrors).toEqual([]);
        expect(opened.ready).toBe('true');
        expect(opened.plots.length).toBeGreaterThanOrEqual(3);
        for (const p of opened.plots) {
          expect(p.drawn, p.id).toBe(true);
          expect(p.tracesWithData, p.id).toBeGreaterThan(0);
        }
        expect(opened.verdictText).toMatch(/Cohort verdict: FAIL/);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
