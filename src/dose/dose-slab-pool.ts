import { defaultComputeThreads } from '../core/compute-threads.js';
import {
  createSourceWorkerPool,
  sharedSourceWorkerPool,
  type SourceWorkerPool,
} from '../core/source-worker-pool.js';
import { apertureFraction, doseRow, doseSlab, tabulatedErf } from './dose-slab-js.js';
import { fanDepthRows } from './fan-depth-js.js';

/**
 * Worker threads for the 'js' engine (src/core/source-worker-pool.ts): each runs {@link doseSlab} /
 * {@link fanDepthRows} from their source text on a band of dose-grid slices or fan rows, writing into a
 * SharedArrayBuffer-backed output; the main thread computes band 0.
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

/** What the dose workers define (doseSlab calls doseRow, apertureFraction and tabulatedErf by these names). */
const DOSE_FUNCTIONS = { tabulatedErf, apertureFraction, doseRow, doseSlab, fanDepthRows };

/** Default thread count of the dose loop: {@link defaultComputeThreads} (EQUIDOSE_THREADS, else the cores, ≤ 4). */
export const defaultDoseThreads = (): number => defaultComputeThreads();

/** Splits [0, n) into `bands` bands: band b is [bound(b), bound(b + 1)). */
const bandBound = (n: number, bands: number, b: number): number => Math.round((n * b) / bands);

/** The dose loops over a {@link SourceWorkerPool}: one band of slices or fan rows per thread. */
function doseSlabPoolOver(pool: SourceWorkerPool): DoseSlabPool {
  const t = pool.threads;
  return {
    threads: t,
    get broken() {
      return pool.broken;
    },
    run: (a: SlabArgs, nz: number) =>
      pool.run('doseSlab', (b) => [
        a.params,
        a.fan,
        a.maps,
        a.rects,
        a.table,
        a.erf,
        a.out,
        bandBound(nz, t, b),
        bandBound(nz, t, b + 1),
      ]),
    runDepth: (a: DepthArgs, nv: number) =>
      pool.run('fanDepthRows', (b) => [a.params, a.red, a.out, bandBound(nv, t, b), bandBound(nv, t, b + 1)]),
    close: () => pool.close(),
  };
}

/** A pool of `threads − 1` dose workers (none when threads ≤ 1); see {@link createSourceWorkerPool}. */
export const createDoseSlabPool = (threads: number = defaultDoseThreads()): DoseSlabPool =>
  doseSlabPoolOver(createSourceWorkerPool('dose', DOSE_FUNCTIONS, threads));

/** The process-wide dose pool of `threads` threads (see {@link sharedSourceWorkerPool}): the CT then the sCT dose,
 * a cohort, reuse warm workers. Do not close it; a pool whose worker died is replaced. */
const sharedViews = new WeakMap<SourceWorkerPool, DoseSlabPool>();

export function sharedDoseSlabPool(threads: number): DoseSlabPool {
  const pool = sharedSourceWorkerPool('dose', DOSE_FUNCTIONS, threads);
  let view = sharedViews.get(pool);
  if (view === undefined) sharedViews.set(pool, (view = doseSlabPoolOver(pool)));
  return view;
}
