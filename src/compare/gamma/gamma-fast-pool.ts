import { Worker } from 'node:worker_threads';
import { defaultComputeThreads } from '../../core/compute-threads.js';
import { computeGammaFastSlices, type FastGammaInput } from './gamma-fast.js';

/**
 * Runs the 'ts' gamma search on several threads: {@link computeGammaFastSlices} is self-contained, so workers run
 * it from its source text (as the dose engine's slab pool does). Slices are interleaved (thread t takes
 * k = t, t + T, …) because evaluated voxels cluster around the isocentre. Data and output live in
 * SharedArrayBuffers, so nothing is copied per worker; the main thread computes its own share.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const computeGammaFastSlices = (${computeGammaFastSlices.toString()});
parentPort.on('message', (m) => {
  try {
    computeGammaFastSlices(m.input, m.out, m.kStart, m.kEnd, m.kStep);
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.stack) || error) });
  }
});
`;

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
  const workers = Array.from({ length: count - 1 }, () => new Worker(WORKER_SOURCE, { eval: true }));
  try {
    const pending = workers.map((w, t) =>
      runOn(w, { input: sharedInput, out, kStart: t + 1, kEnd: nz, kStep: count }),
    );
    computeGammaFastSlices(sharedInput, out, 0, nz, count);
    await Promise.all(pending);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

function runOn(
  worker: Worker,
  message: { input: FastGammaInput; out: Float32Array; kStart: number; kEnd: number; kStep: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; message?: string }) => {
      if (m.ok) resolve();
      else reject(new Error(`gamma worker failed: ${m.message ?? ''}`));
    });
    worker.once('error', reject);
    worker.postMessage(message);
  });
}
