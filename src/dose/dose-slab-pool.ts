import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { doseSlab } from './dose-slab-js.js';
import { fanDepthRows } from './fan-depth-js.js';

/**
 * Worker threads for the 'js' engine: each runs {@link doseSlab} / {@link fanDepthRows} from their source text
 * (both self-contained) on a band of dose-grid slices or fan rows, writing into a SharedArrayBuffer-backed output. The main thread
 * computes one band itself, so N threads use N − 1 workers.
 */
export interface DoseSlabPool {
  /** Threads computing a beam, the main thread included. */
  readonly threads: number;
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
  readonly table: Float64Array;
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

/** Default thread count: the machine's parallelism, at most 4 (the dose loop is memory-bound beyond that). */
export const defaultDoseThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** A pool of `threads − 1` workers (none when threads ≤ 1). */
export function createDoseSlabPool(threads: number = defaultDoseThreads()): DoseSlabPool {
  const workers = Array.from(
    { length: Math.max(0, threads - 1) },
    () => new Worker(WORKER_SOURCE, { eval: true }),
  );
  const runOn = (worker: Worker, message: object): Promise<void> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { ok: boolean; message?: string }): void => {
        worker.off('error', onError);
        if (m.ok) resolve();
        else reject(new Error(`dose worker failed: ${m.message ?? ''}`));
      };
      const onError = (e: Error): void => {
        worker.off('message', onMessage);
        reject(e);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(message);
    });
  return {
    threads: workers.length + 1,
    async run(args: SlabArgs, nz: number) {
      const bands = workers.length + 1;
      const bound = (b: number): number => Math.round((nz * b) / bands);
      const pending = workers.map((w, b) =>
        runOn(w, { kind: 'dose', ...args, k0: bound(b + 1), k1: bound(b + 2) }),
      );
      doseSlab(args.params, args.fan, args.maps, args.rects, args.table, args.erf, args.out, 0, bound(1));
      await Promise.all(pending);
    },
    async runDepth(args: DepthArgs, nv: number) {
      const bands = workers.length + 1;
      const bound = (b: number): number => Math.round((nv * b) / bands);
      const pending = workers.map((w, b) =>
        runOn(w, { kind: 'depth', ...args, k0: bound(b + 1), k1: bound(b + 2) }),
      );
      fanDepthRows(args.params, args.red, args.out, 0, bound(1));
      await Promise.all(pending);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
