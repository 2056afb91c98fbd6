import { defaultComputeThreads } from '../../core/compute-threads.js';
import { sharedSourceWorkerPool } from '../../core/source-worker-pool.js';
import { computeGammaFastSlices, type FastGammaInput } from './gamma-fast.js';

/**
 * Runs the 'ts' gamma search on several threads: {@link computeGammaFastSlices} is self-contained, so workers run
 * it from its source text (src/core/source-worker-pool.ts, the mechanism of the dose engine's pool too). Slices are
 * interleaved (thread t takes k = t, t + T, …) because evaluated voxels cluster around the isocentre. Data and
 * output live in SharedArrayBuffers, so nothing is copied per worker; the main thread computes its own share.
 */

/** Default thread count: {@link defaultComputeThreads} (EQUIDOSE_THREADS, else the cores, at most 4). */
export const defaultGammaThreads = (): number => defaultComputeThreads();

/** Copies a typed array into SharedArrayBuffer-backed memory (same element type). */
function shared<
  T extends
    | Float32Array
    | Float64Array
    | Int32Array
    | Uint8Array
    | Uint16Array
    | Int16Array
    | Uint32Array
    | Int8Array,
>(a: T): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

/**
 * γ over the whole reference grid with `threads` threads (the main thread included); `threads` ≤ 1 runs inline.
 * @returns γ per reference voxel (NaN where not evaluated), backed by a SharedArrayBuffer when threaded.
 */
export async function computeGammaFastThreaded(
  input: FastGammaInput,
  threads: number,
): Promise<Float32Array> {
  const nz = input.refSize[2];
  const n = input.refData.length;
  const count = Math.max(1, Math.min(threads, nz));
  if (count === 1) {
    const out = new Float32Array(n);
    computeGammaFastSlices(input, out, 0, nz, 1);
    return out;
  }
  const sharedInput: FastGammaInput = {
    ...input,
    refData: shared(input.refData),
    evalData: shared(input.evalData),
    cellMin: shared(input.cellMin as Float32Array | Float64Array),
    cellMax: shared(input.cellMax as Float32Array | Float64Array),
  };
  const out = new Float32Array(new SharedArrayBuffer(4 * n));
  // thread t takes slices t, t + count, … (band 0 on the main thread)
  const pool = sharedSourceWorkerPool('gamma', { computeGammaFastSlices }, count);
  await pool.run('computeGammaFastSlices', (t) => [sharedInput, out, t, nz, count]);
  return out;
}
