import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCohortManifest } from '../../../src/cohort/manifest.js';
import { runCohort } from '../../../src/cohort/run-cohort.js';
import { PoolAbortedError, runWorkerPool } from '../../../src/cohort/worker-pool.js';
import { bundleWorker } from './fixtures/bundle-worker.js';
import { runsLog, writeFakeCase, writeFakeCohort } from './fixtures/fake-cohort.js';
import type { FakeCaseSpec } from './fixtures/synthetic-case.js';

/**
 * The pool and resume logic with a stand-in validate (fixtures/fake-validate-worker.ts) whose cases are told to
 * succeed, fail, crash their worker or run long. Real validate runs are in tests/integration/cohort.
 */

let workerUrl: URL;
const tempDirs: string[] = [];
beforeAll(async () => {
  workerUrl = await bundleWorker('tests/unit/cohort/fixtures/fake-validate-worker.ts');
});
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  rmSync(fileURLToPath(workerUrl), { force: true });
});
/** A fake cohort folder, removed after the tests. */
const cohort = (specs: FakeCaseSpec[]): { dir: string; manifest: string } => {
  const c = writeFakeCohort(specs);
  tempDirs.push(c.dir);
  return c;
};

const spec = (caseId: string, extra: Partial<FakeCaseSpec> = {}): FakeCaseSpec => ({
  caseId,
  targetDeltaPercent: 0.5,
  oarDeltaPercent: 1,
  gammaPassPercent: 98,
  ...extra,
});
const log = (dir: string): string[] => runsLog(dir, (p) => readFileSync(p, 'utf8'));
const stagingLeft = (out: string): string[] =>
  readdirSync(join(out, 'cases')).filter((n) => n.startsWith('.staging-'));

describe('cohort worker pool', () => {
  it('runs every case; a failed case and a crashed worker are reported and the others go on', async () => {
    const { dir, manifest } = cohort([
      spec('c1'),
      spec('c2', { behaviour: 'fail' }),
      spec('c3', { behaviour: 'crash' }),
      spec('c4', { targetDeltaPercent: 2.5 }),
      spec('c5', { delayMs: 30 }),
    ]);
    const out = join(dir, 'out');
    const result = await runCohort(readCohortManifest(manifest), { outDir: out, jobs: 2, workerUrl });
    const byId = new Map(result.report.cases.map((c) => [c.caseId, c]));
    expect(result.report.cases.map((c) => c.caseId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(byId.get('c2')).toMatchObject({ status: 'failed', reportDir: null });
    expect(byId.get('c2')?.error).toMatch(/^validate exited 1: .*synthetic failure$/);
    expect(byId.get('c3')?.error).toBe('worker exited (code 3)');
    for (const id of ['c1', 'c4', 'c5']) {
      expect(byId.get(id)?.status).toBe('computed');
      expect(existsSync(join(out, 'cases', id, 'report.json'))).toBe(true);
    }
    expect(existsSync(join(out, 'cases', 'c2'))).toBe(false);
    expect(stagingLeft(out)).toEqual([]);
    expect([...result.computed].sort()).toEqual(['c1', 'c4', 'c5']);
    expect(result.report.verdict.failedCases).toBe(2);
    expect(result.report.verdict.pass).toBe(false);
    // c4's PTV D98 Δ 2.5 % exceeds 2 %: 2 of the 3 completed cases are within.
    expect(result.report.verdict.patientsWithinTargetTolerance).toBe(2);
    expect(result.report.verdict.patientsEvaluated).toBe(3);
  });

  it('resumes after an interruption without recomputing finished cases', async () => {
    const specs = [
      spec('c1', { delayMs: 5 }),
      spec('c2', { delayMs: 5 }),
      spec('c3', { behaviour: 'hang' }),
      spec('c4', { targetDeltaPercent: -1 }),
      spec('c5', { oarDeltaPercent: -3 }),
    ];
    const { dir, manifest } = cohort(specs);
    const out = join(dir, 'out');
    const controller = new AbortController();
    const first = runCohort(readCohortManifest(manifest), {
      outDir: out,
      jobs: 2,
      workerUrl,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done === 2) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(PoolAbortedError);
    const finished = readdirSync(join(out, 'cases')).filter((n) => !n.startsWith('.'));
    expect(finished.sort()).toEqual(['c1', 'c2']);
    expect(stagingLeft(out)).toEqual([]);
    const runsBefore = log(dir);
    // Runs are logged as they start: c1 and c2 ran; c3 (and maybe c4) started and were cut off.
    expect(runsBefore).toEqual(expect.arrayContaining(['c1', 'c2']));

    // Leftovers of a harder stop (kill -9): a staging folder and a case folder without its completion stamp.
    mkdirSync(join(out, 'cases', '.staging-c4-dead'));
    writeFileSync(join(out, 'cases', '.staging-c4-dead', 'report.json'), '{"format":');
    mkdirSync(join(out, 'cases', 'c5'));
    writeFileSync(join(out, 'cases', 'c5', 'report.json'), '{"truncated":');

    // c3 was cut off mid-run (it hangs until terminated); let it finish this time.
    writeFakeCase(dir, spec('c3'));
    const c1Report = join(out, 'cases', 'c1', 'report.json');
    const c1Stat = statSync(c1Report);
    const c1Text = readFileSync(c1Report, 'utf8');
    const second = await runCohort(readCohortManifest(manifest), { outDir: out, jobs: 2, workerUrl });
    expect([...second.computed].sort()).toEqual(['c3', 'c4', 'c5']);
    expect(log(dir).slice(runsBefore.length).sort()).toEqual(['c3', 'c4', 'c5']);
    expect(second.report.cases.map((c) => c.status)).toEqual([
      'reused',
      'reused',
      'computed',
      'computed',
      'computed',
    ]);
    expect(readFileSync(c1Report, 'utf8')).toBe(c1Text);
    expect(statSync(c1Report).mtimeMs).toBe(c1Stat.mtimeMs);
    expect(stagingLeft(out)).toEqual([]);
    expect(second.report.verdict.patientsEvaluated).toBe(5);

    // A third run computes nothing at all.
    const third = await runCohort(readCohortManifest(manifest), { outDir: out, workerUrl });
    expect(third.computed).toEqual([]);
    expect(log(dir)).toHaveLength(runsBefore.length + 3);
    expect(third.report.metrics).toEqual(second.report.metrics);
  });

  it('recomputes exactly the case whose input changed, and every case with --force', async () => {
    const { dir, manifest } = cohort([spec('a'), spec('b'), spec('c')]);
    const out = join(dir, 'out');
    await runCohort(readCohortManifest(manifest), { outDir: out, jobs: 2, workerUrl });
    // Same size, later time and new content: the fingerprint sees the change.
    await new Promise((r) => setTimeout(r, 20));
    writeFakeCase(dir, spec('b', { targetDeltaPercent: 0.7 }));
    const again = await runCohort(readCohortManifest(manifest), { outDir: out, jobs: 2, workerUrl });
    expect(again.computed).toEqual(['b']);
    const d98 = again.report.metrics.find((m) => m.id === 'dvh:PTV:D98:deltaPercent');
    expect(d98?.values).toEqual([0.5, 0.7, 0.5]);
    const forced = await runCohort(readCohortManifest(manifest), { outDir: out, workerUrl, force: true });
    expect([...forced.computed].sort()).toEqual(['a', 'b', 'c']);
  });

  it('stops every lane and rethrows when publishing a result fails', async () => {
    const { dir } = cohort([spec('x1'), spec('x2', { delayMs: 300 }), spec('x3')]);
    const tasks = ['x1', 'x2', 'x3'].map((id) => {
      const out = join(dir, `out-${id}`);
      mkdirSync(out);
      return { id, payload: { argv: ['validate', '--ct', join(dir, `${id}.ct.json`), '--out', out] } };
    });
    const disk = new Error('ENOSPC: no space left on device');
    const run = runWorkerPool(tasks, {
      workerUrl,
      concurrency: 2,
      onSettled: (r) => {
        if (r.id === 'x1') throw disk;
      },
    });
    await expect(run).rejects.toBe(disk);
    // The other lane was stopped too: it neither finished x2 nor went on to x3.
    await new Promise((r) => setTimeout(r, 600));
    expect(log(dir)).not.toContain('x3');
    expect(existsSync(join(dir, 'out-x2', 'report.json'))).toBe(false);
  });
});
