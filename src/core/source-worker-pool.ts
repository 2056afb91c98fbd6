import { Worker } from 'node:worker_threads';

/**
 * Worker threads that run self-contained functions from their source text, over shared memory: the dose engine's
 * voxel and ray loops and the gamma search use it. Each worker defines every function of the pool by its key (so
 * the functions may call each other by those names) and runs `{ name, args }` messages. The main thread takes part:
 * a run gives band 0 to the main thread and bands 1… to the workers, so N threads use N − 1 workers.
 * Idle workers are unref'd (they never keep the process alive) and ref'd only while they compute; runs are
 * serialised, so concurrent callers may share one pool. A worker that errors or exits without answering fails
 * the run (never hangs it) and marks the pool broken.
 */

/** A function a worker can define from its source text: only its arguments, Math and the pool's other functions. */
export type SourceFunction = (...args: never[]) => void;

export interface SourceWorkerPool {
  /** Threads of a run, the main thread included. */
  readonly threads: number;
  /** True once a worker failed or the pool was closed: it must not be used again. */
  readonly broken: boolean;
  /**
   * Calls `name` once per thread, concurrently: with `argsOf(0)` on the main thread and `argsOf(b)` on worker b.
   * Typed arrays in the arguments should be SharedArrayBuffer-backed, or they are copied to each worker.
   */
  run(name: string, argsOf: (band: number) => readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

function workerSource(functions: Readonly<Record<string, SourceFunction>>): string {
  const defs = Object.entries(functions).map(([name, fn]) => `const ${name} = (${fn.toString()});`);
  return `
const { parentPort } = require('node:worker_threads');
${defs.join('\n')}
const functions = { ${Object.keys(functions).join(', ')} };
parentPort.on('message', (m) => {
  try {
    functions[m.name](...m.args);
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.stack) || error) });
  }
});
`;
}

/** A pool of `threads − 1` workers (none when threads ≤ 1) defining `functions`; `label` names it in errors. */
export function createSourceWorkerPool(
  label: string,
  functions: Readonly<Record<string, SourceFunction>>,
  threads: number,
): SourceWorkerPool {
  const source = workerSource(functions);
  const workers = Array.from({ length: Math.max(0, Math.floor(threads) - 1) }, () => {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    return worker;
  });
  let broken = false;
  let queue: Promise<void> = Promise.resolve();
  const runOn = (worker: Worker, message: { name: string; args: readonly unknown[] }): Promise<void> =>
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
        else reject(new Error(`${label} worker failed: ${m.message ?? ''}`));
      };
      const onError = (e: Error): void => {
        settle();
        broken = true;
        reject(e);
      };
      // a worker that exits without answering (killed, out of memory) must fail the run, not hang it
      const onExit = (code: number): void => {
        settle();
        broken = true;
        reject(new Error(`${label} worker exited (code ${code}) before finishing its band`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(message);
    });
  const runBands = async (name: string, argsOf: (band: number) => readonly unknown[]): Promise<void> => {
    if (broken) throw new Error(`the ${label} worker pool is closed or lost a worker`);
    const fn = functions[name];
    if (fn === undefined) throw new Error(`the ${label} worker pool has no function '${name}'`);
    const pending = workers.map((w, b) => runOn(w, { name, args: argsOf(b + 1) }));
    try {
      (fn as (...args: readonly unknown[]) => void)(...argsOf(0));
    } finally {
      await Promise.allSettled(pending); // never leave a worker's band running behind a failed main band
    }
    await Promise.all(pending);
  };
  return {
    threads: workers.length + 1,
    get broken() {
      return broken;
    },
    run(name, argsOf) {
      const done = queue.then(() => runBands(name, argsOf));
      queue = done.catch(() => undefined);
      return done;
    },
    async close() {
      broken = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

const sharedPools = new Map<string, SourceWorkerPool>();

/**
 * The process-wide pool `label` of `threads` threads, created on first use and kept (idle workers cost no CPU and
 * do not hold the process open): later calls skip worker start-up and find the workers' JIT already warm. Do not
 * close it; a pool whose worker died is replaced.
 */
export function sharedSourceWorkerPool(
  label: string,
  functions: Readonly<Record<string, SourceFunction>>,
  threads: number,
): SourceWorkerPool {
  const key = `${label}/${Math.floor(threads)}`;
  const existing = sharedPools.get(key);
  if (existing !== undefined && !existing.broken) return existing;
  const pool = createSourceWorkerPool(label, functions, threads);
  sharedPools.set(key, pool);
  return pool;
}
