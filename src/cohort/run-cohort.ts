import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { THREADS_ENV } from '../core/compute-threads.js';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UnsupportedError, UsageError } from '../core/errors.js';
import { resolveHlut } from '../density/hlut-file.js';
import { loadCriteria } from '../pipeline/criteria.js';
import {
  caseFingerprint,
  commitCase,
  createStagingDir,
  discardStaging,
  prepareCasesDir,
  readCaseReport,
  readCompletedCase,
} from './case-store.js';
import type { CaseTaskPayload, CaseTaskResult } from './cohort-worker.js';
import type { CaseOutcome, CaseStatus, CohortReport } from './cohort-result.js';
import { buildCohortReport } from './build-cohort-report.js';
import type { CohortCase, CohortManifest } from './manifest.js';
import { type PoolResult, runWorkerPool } from './worker-pool.js';
import type { CaseReport } from './aggregate.js';

/**
 * `equidose cohort`: validate every case of a manifest on a worker pool, resumably, then aggregate. Every input
 * (manifest rows, options, criteria, HU table, output folder) is checked before any case runs.
 */

/** Options of a cohort run. Pass-through options mean the same as in `equidose validate`. */
export interface CohortOptions {
  readonly outDir: string;
  /** Parallel validate workers (default and upper bound: the machine's cores; at most the cases to compute). */
  readonly jobs?: number;
  readonly hlut?: string;
  readonly criteria?: string;
  readonly backend?: string;
  readonly doseGridMm?: number;
  readonly assumeRegistered?: boolean;
  readonly anonymize?: boolean;
  /** Korsholm share of patients that must be within the target tolerance, % (default 95). */
  readonly requiredPatientPercent?: number;
  /** Recompute every case even when a finished result exists. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  /** The worker module; defaults to the compiled cohort-worker.js beside this file. */
  readonly workerUrl?: URL;
  readonly onProgress?: (event: CohortProgressEvent) => void;
}

export interface CohortProgressEvent {
  readonly caseId: string;
  readonly status: CaseStatus;
  /** Cases settled so far (reused ones first) and the total. */
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

export interface CohortRunResult {
  readonly report: CohortReport;
  /** Completed cases with their reports, in manifest order. */
  readonly caseReports: readonly CaseReport[];
  /** Cases validated in this run (not reused). */
  readonly computed: readonly string[];
}

/** The compiled worker beside this module (dist/src/cohort/cohort-worker.js). */
export function defaultWorkerUrl(): URL {
  const url = new URL('./cohort-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url)))
    throw new UnsupportedError(
      `the cohort worker is not built (${fileURLToPath(url)}): run \`npm run build\` first`,
    );
  return url;
}

/** The validate options shared by every case (also part of each case's fingerprint). */
export function sharedValidateArgs(o: CohortOptions): string[] {
  return [
    ...(o.hlut === undefined ? [] : ['--hlut', o.hlut]),
    ...(o.criteria === undefined ? [] : ['--criteria', o.criteria]),
    ...(o.backend === undefined ? [] : ['--backend', o.backend]),
    ...(o.doseGridMm === undefined ? [] : ['--dose-grid-mm', String(o.doseGridMm)]),
    ...(o.assumeRegistered ? ['--assume-registered'] : []),
    ...(o.anonymize ? ['--anonymize'] : []),
  ];
}

/** `equidose validate …` for one case, writing into `outDir`. */
export function validateArgv(c: CohortCase, shared: readonly string[], outDir: string): string[] {
  const sct =
    c.sct.kind === 'sct' ? ['--sct', c.sct.sctPath] : ['--mr', c.sct.mrPath, '--model', c.sct.model];
  return [
    'validate',
    '--ct',
    c.ctPath,
    ...sct,
    '--structures',
    c.structuresPath,
    '--plan',
    c.planPath,
    ...(c.prescriptionGy === undefined ? [] : ['--prescription-gy', String(c.prescriptionGy)]),
    ...shared,
    '--out',
    outDir,
  ];
}

/**
 * Checks the options (and reads the criteria / HU→RED files once) before any case runs; returns the validate
 * arguments every case shares. The CLI calls it before reading the manifest, so a bad option is the only line.
 */
export function checkCohortOptions(o: CohortOptions): string[] {
  if (existsSync(o.outDir) && !statSync(o.outDir).isDirectory())
    throw new InputError('--out must be a directory (it exists and is a file)', {}, o.outDir);
  if (o.jobs !== undefined && (!Number.isInteger(o.jobs) || o.jobs < 1))
    throw new UsageError(`--jobs must be a positive integer, got ${o.jobs}`);
  const rq = o.requiredPatientPercent;
  if (rq !== undefined && !(rq > 0 && rq <= 100))
    throw new UsageError(`--required-percent must be in (0, 100], got ${rq}`);
  if (o.doseGridMm !== undefined && !(o.doseGridMm > 0))
    throw new UsageError(`--dose-grid-mm must be positive, got ${o.doseGridMm}`);
  // Fail now rather than once per case: both are read again by each validate run.
  loadCriteria(o.criteria);
  resolveHlut(o.hlut);
  const shared = sharedValidateArgs(o);
  // A criteria or table file's content is part of the fingerprint, so editing it recomputes the cohort.
  for (const f of [o.criteria, o.hlut])
    if (f !== undefined && existsSync(f) && statSync(f).isFile()) shared.push(readFileSync(f, 'utf8'));
  return shared;
}

/** The last meaningful line of a failed validate run's stderr. */
function failureLine(r: PoolResult<CaseTaskResult>): string {
  if (!r.ok) return r.error;
  const lines = r.value.stderrTail.split('\n').filter((l) => l.trim() !== '');
  const last = lines.reverse().find((l) => l.startsWith('equidose:')) ?? lines[0] ?? '';
  return `validate exited ${r.value.exitCode}${last ? `: ${last.replace(/^equidose: /, '')}` : ''}`;
}

/** Mutable bookkeeping of one run: outcomes by case, the cases computed now, and the progress counter. */
interface RunState {
  readonly outDir: string;
  readonly total: number;
  readonly outcomes: Map<string, CaseOutcome>;
  readonly fingerprints: Map<string, string>;
  readonly computed: string[];
  done: number;
  readonly onProgress: CohortOptions['onProgress'];
}

function emit(state: RunState, caseId: string, status: CaseStatus, message: string): void {
  state.onProgress?.({ caseId, status, done: state.done, total: state.total, message });
}

/** Fingerprints every case and records the finished ones as reused; returns the cases still to compute. */
function reuseFinished(
  manifest: CohortManifest,
  state: RunState,
  fingerprintArgs: readonly string[],
  force: boolean,
): CohortCase[] {
  const pending: CohortCase[] = [];
  for (const c of manifest.cases) {
    const fp = caseFingerprint(c, fingerprintArgs);
    state.fingerprints.set(c.caseId, fp);
    const found = force ? undefined : readCompletedCase(state.outDir, c.caseId, fp);
    if (!found?.ok) {
      pending.push(c);
      continue;
    }
    state.done++;
    state.outcomes.set(
      c.caseId,
      outcome(c, 'reused', found.report.verdict.level, found.report.prescriptionGy),
    );
    emit(state, c.caseId, 'reused', 'finished earlier: reused');
  }
  return pending;
}

/** Publishes a finished case (or records its failure) as its worker answers. */
function settleCase(state: RunState, c: CohortCase, dir: string, r: PoolResult<CaseTaskResult>): void {
  state.done++;
  const ok = r.ok && r.value.exitCode === 0 && existsSync(join(dir, 'report.json'));
  if (!ok) {
    discardStaging(dir);
    const error = failureLine(r);
    state.outcomes.set(c.caseId, { ...outcome(c, 'failed', null, null), error, elapsedMs: r.elapsedMs });
    emit(state, c.caseId, 'failed', `FAILED: ${error}`);
    return;
  }
  commitCase(state.outDir, c.caseId, dir, state.fingerprints.get(c.caseId) as string);
  const report = readCaseReport(state.outDir, c.caseId);
  state.computed.push(c.caseId);
  state.outcomes.set(c.caseId, {
    ...outcome(c, 'computed', report.verdict.level, report.prescriptionGy),
    elapsedMs: r.elapsedMs,
  });
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  emit(state, c.caseId, 'computed', `computed in ${seconds} s (verdict ${report.verdict.level})`);
}

const cohortSettings = (o: CohortOptions): CohortReport['settings'] => ({
  jobs: o.jobs ?? null,
  hlut: o.hlut ?? null,
  criteria: o.criteria ?? null,
  backend: o.backend ?? null,
  doseGridMm: o.doseGridMm ?? null,
  assumeRegistered: o.assumeRegistered ?? false,
  anonymize: o.anonymize ?? false,
  force: o.force ?? false,
});

/** Runs (or resumes) a cohort. Throws before computing anything when an input or option is bad. */
export async function runCohort(manifest: CohortManifest, options: CohortOptions): Promise<CohortRunResult> {
  const fingerprintArgs = checkCohortOptions(options);
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const shared = sharedValidateArgs(options);
  const { outDir } = options;
  prepareCasesDir(outDir);
  const state: RunState = {
    outDir,
    total: manifest.cases.length,
    outcomes: new Map(),
    fingerprints: new Map(),
    computed: [],
    done: 0,
    onProgress: options.onProgress,
  };
  const pending = reuseFinished(manifest, state, fingerprintArgs, options.force ?? false);
  const staging = new Map(pending.map((c) => [c.caseId, createStagingDir(outDir, c.caseId)]));
  const byId = new Map(pending.map((c) => [c.caseId, c]));
  const tasks = pending.map((c) => ({
    id: c.caseId,
    payload: { argv: validateArgv(c, shared, staging.get(c.caseId) as string) } satisfies CaseTaskPayload,
  }));
  try {
    // At most one worker per core: validate is CPU-bound, more workers only add memory.
    const lanes = Math.min(
      options.jobs ?? availableParallelism(),
      availableParallelism(),
      Math.max(1, pending.length),
    );
    await runWorkerPool<CaseTaskPayload, CaseTaskResult>(tasks, {
      workerUrl,
      concurrency: lanes,
      workerEnv: laneThreadsEnv(lanes),
      ...(options.signal ? { signal: options.signal } : {}),
      onSettled: (r) => settleCase(state, byId.get(r.id) as CohortCase, staging.get(r.id) as string, r),
    });
  } finally {
    for (const dir of staging.values()) if (existsSync(dir)) discardStaging(dir);
  }

  const caseOutcomes = manifest.cases.map((c) => state.outcomes.get(c.caseId) as CaseOutcome);
  const caseReports = caseOutcomes
    .filter((o) => o.status !== 'failed')
    .map((o) => ({ caseId: o.caseId, report: readCaseReport(outDir, o.caseId) }));
  const report = buildCohortReport({
    manifestLabel: options.anonymize ? basename(manifest.path) : manifest.path,
    outcomes: caseOutcomes,
    caseReports,
    requiredPatientPercent: options.requiredPatientPercent,
    settings: cohortSettings(options),
  });
  return { report, caseReports, computed: state.computed };
}

function outcome(
  c: CohortCase,
  status: CaseStatus,
  verdictLevel: CaseOutcome['verdictLevel'],
  prescriptionGy: number | null,
): CaseOutcome {
  return {
    caseId: c.caseId,
    status,
    reportDir: status === 'failed' ? null : `cases/${c.caseId}`,
    error: null,
    elapsedMs: null,
    verdictLevel,
    prescriptionGy,
  };
}

/**
 * Each lane's share of the cores for its compute stages (dose, gamma, inference spawn threads of their own), so
 * that N lanes do not run N × cores threads; a user's own EQUIDOSE_THREADS is kept.
 */
export function laneThreadsEnv(lanes: number): Record<string, string> {
  if (process.env[THREADS_ENV] !== undefined) return {};
  return { [THREADS_ENV]: String(Math.max(1, Math.floor(availableParallelism() / Math.max(1, lanes)))) };
}
