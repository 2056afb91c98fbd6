import { Worker } from 'node:worker_threads';
import { defaultComputeThreads } from '../core/compute-threads.js';
import { apertureFraction, doseRow, doseSlab, tabulatedErf } from './dose-slab-js.js';
import { fanDepthRows } from './fan-depth-js.js';

/**
 * Worker threads for the 'js' engine: each runs {@link doseSlab} / {@link fanDepthRows} from their source text
 * (both self-contained) on a band of dose-grid slices or fan rows, writing into a SharedArrayBuffer-backed output. The main thread
 * computes one band itself, so N threads use N − 1 workers.
 */
export interface DoseSlabPool {
  /** Threads computing a beam, the main thread included. */
  readonly threads: number;
  /** True once a worker failed or the pool was closed: it must not be used again. */
  readonly broken: boolean;
  /**
   * Runs slices [0, nz) split into `threads` bands; `out` must be backed by a SharedArrayBuffer when threads > 1
   * (the fan depth and maps may be, to avoid a copy per worker).
   */
  run(args: SlabArgs, nz: number): Promise<void>;
  /** Radiological depth of fan rows [0, nv) split into `threads` bands (`red` and `out` shared). */
  runDepth(args: DepthArgs, nv: number): Promise<void>;
  close(): Promise<void>;
}

/** The arguments of {@link doseSlab} besides the slice range. */
export interface SlabArgs {
  readonly params: Float64Array;
  readonly fan: Float32Array;
  readonly maps: Float32Array;
  readonly rects: Float64Array;
  readonly table: Float32Array;
  readonly erf: Float64Array;
  readonly out: Float32Array;
}

/** The arguments of {@link fanDepthRows} besides the row range. */
export interface DepthArgs {
  readonly params: Float64Array;
  readonly red: Float32Array;
  readonly out: Float32Array;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const tabulatedErf = (${tabulatedErf.toString()});
const apertureFraction = (${apertureFraction.toString()});
const doseRow = (${doseRow.toString()});
const doseSlab = (${doseSlab.toString()});
const fanDepthRows = (${fanDepthRows.toString()});
parentPort.on('message', (m) => {
  try {
    if (m.kind === 'depth') fanDepthRows(m.params, m.red, m.out, m.k0, m.k1);
    else doseSlab(m.params, m.fan, m.maps, m.rects, m.table, m.erf, m.out, m.k0, m.k1);
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.stack || error) });
  }
});
`;

/** Default thread count of the dose loop: {@link defaultComputeThreads} (EQUIDOSE_THREADS, else the cores, ≤ 4). */
export const defaultDoseThreads = (): number => defaultComputeThreads();

/**
 * A pool of `threads − 1` workers (none when threads ≤ 1). Idle workers are unref'd (they never keep the process
 * alive) and ref'd only while they compute; calls are serialised, so concurrent computeDose calls may share it.
 */
export function createDoseSlabPool(threads: number = defaultDoseThreads()): DoseSlabPool {
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    return worker;
  });
  let broken = false;
  let queue: Promise<void> = Promise.resolve();
  const exclusive = (job: () => Promise<void>): Promise<void> => {
    const done = queue.then(job);
    queue = done.catch(() => undefined);
    return done;
  };
  const runOn = (worker: Worker, message: object): Promise<void> =>
    new Promise((resolve, reject) => {
      const settle = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      const onMessage = (m: { ok: boolean; message?: string }): void => {
        settle();
        if (m.ok) resolve();
        else reject(new Error(`dose worker failed: ${m.message ?? ''}`));
      };
      const onError = (e: Error): void => {
        settle();
        broken = true;
        reject(e);
      };
      // a worker that exits without answering (killed, out of memory) must fail the call, not hang it
      const onExit = (code: number): void => {
        settle();
        broken = true;
        reject(new Error(`dose worker exited (code ${code}) before finishing its band`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(message);
    });
  /** Splits [0, n) into one band per thread: workers take bands 1…, the main thread band 0. */
  const split = (n: number, message: object, onMain: (k0: number, k1: number) => void): Promise<void> =>
    exclusive(async () => {
      if (broken) throw new Error('the dose worker pool is closed or lost a worker');
      const bound = (b: number): number => Math.round((n * b) / (workers.length + 1));
      const pending = workers.map((w, b) => runOn(w, { ...message, k0: bound(b + 1), k1: bound(b + 2) }));
      try {
        onMain(0, bound(1));
      } finally {
        await Promise.allSettled(pending); // never leave a worker's band running behind a failed main band
      }
      await Promise.all(pending);
    });
  return {
    threads: workers.length + 1,
    get broken() {
      return broken;
    },
    run: (args: SlabArgs, nz: number) =>
      split(nz, { kind: 'dose', ...args }, (k0, k1) =>
        doseSlab(args.params, args.fan, args.maps, args.rects, args.table, args.erf, args.out, k0, k1),
      ),
    runDepth: (args: DepthArgs, nv: number) =>
      split(nv, { kind: 'depth', ...args }, (k0, k1) =>
        fanDepthRows(args.params, args.red, args.out, k0, k1),
      ),
    async close() {
      broken = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

const sharedPools = new Map<number, DoseSlabPool>();

/**
 * The process-wide pool of `threads` threads, created on first use and kept (idle workers cost no CPU and do not
 * hold the process open): later computeDose calls (the CT then the sCT, a cohort) skip worker start-up and find
 * the workers' JIT already warm. Do not close it; a pool whose worker died is replaced.
 */
export function sharedDoseSlabPool(threads: number): DoseSlabPool {
  const existing = sharedPools.get(threads);
  if (existing !== undefined && !existing.broken) return existing;
  const pool = createDoseSlabPool(threads);
  sharedPools.set(threads, pool);
  return pool;
}
