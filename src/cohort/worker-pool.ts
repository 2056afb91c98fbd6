import { Worker, parentPort } from 'node:worker_threads';
import { PipelineError } from '../core/errors.js';

/**
 * A small worker_threads pool: N workers each take the next task when free (so long and short cases balance),
 * one task at a time per worker. A task that throws or a worker that dies fails only that task; the worker is
 * replaced and the others go on. Aborting terminates every worker at once (in-flight work is abandoned).
 */

/** Message parent → worker. */
interface TaskMessage<P> {
  readonly id: string;
  readonly payload: P;
}

/** Message worker → parent. */
type ResultMessage<R> =
  | { readonly id: string; readonly ok: true; readonly value: R }
  | { readonly id: string; readonly ok: false; readonly error: string };

export interface PoolTask<P> {
  readonly id: string;
  readonly payload: P;
}

export type PoolResult<R> = ResultMessage<R> & { readonly elapsedMs: number };

export interface PoolOptions<R> {
  /** The worker module (compiled ESM). It must call `serveWorkerTasks`. */
  readonly workerUrl: URL;
  /** Parallel workers, ≥ 1 (capped by the number of tasks). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Extra environment variables of every worker (on top of this process's environment). */
  readonly workerEnv?: Readonly<Record<string, string>>;
  /** Called as each task settles, in completion order. May be async; the pool awaits it before reusing the worker. */
  readonly onSettled?: (result: PoolResult<R>) => void | Promise<void>;
}

/** Thrown by runWorkerPool when its signal aborts. */
export class PoolAbortedError extends PipelineError {
  constructor() {
    super('INPUT', 'interrupted: workers stopped (finished cases are kept; rerun to resume)');
  }
}

/** Runs every task on the pool; resolves to the results in task order. Rejects only on abort. */
export async function runWorkerPool<P, R>(
  tasks: readonly PoolTask<P>[],
  options: PoolOptions<R>,
): Promise<PoolResult<R>[]> {
  const results = new Map<string, PoolResult<R>>();
  if (tasks.length === 0) return [];
  if (options.signal?.aborted) throw new PoolAbortedError();
  const queue = [...tasks];
  const live = new Set<Worker>();
  let aborted = false;
  // An error thrown by onSettled (e.g. the disk is full) stops every lane and is rethrown.
  let settleError: unknown;
  const onAbort = (): void => {
    aborted = true;
    for (const w of live) void w.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const runLane = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      for (let task = queue.shift(); task !== undefined && !aborted; task = queue.shift()) {
        worker ??= spawn(options.workerUrl, live, options.workerEnv);
        const started = performance.now();
        const message = await runOne<P, R>(worker, task);
        if (aborted) break;
        if (message.crashed) worker = undefined; // the worker died: the next task gets a fresh one
        const result = { ...message.result, elapsedMs: performance.now() - started } as PoolResult<R>;
        results.set(task.id, result);
        try {
          await options.onSettled?.(result);
        } catch (error) {
          settleError ??= error;
          onAbort();
        }
      }
    } finally {
      if (worker) {
        live.delete(worker);
        await worker.terminate();
      }
    }
  };

  try {
    const lanes = Math.max(1, Math.min(options.concurrency, tasks.length));
    await Promise.all(Array.from({ length: lanes }, runLane));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (settleError !== undefined) throw settleError;
  if (aborted) throw new PoolAbortedError();
  return tasks.map((t) => results.get(t.id) as PoolResult<R>);
}

function spawn(url: URL, live: Set<Worker>, env: Readonly<Record<string, string>> | undefined): Worker {
  const worker = new Worker(url, env === undefined ? {} : { env: { ...process.env, ...env } });
  live.add(worker);
  worker.once('exit', () => live.delete(worker));
  return worker;
}

/** Sends one task and waits for its answer, or for the worker's death (error or exit). */
function runOne<P, R>(
  worker: Worker,
  task: PoolTask<P>,
): Promise<{ result: ResultMessage<R>; crashed: boolean }> {
  return new Promise((resolve) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: ResultMessage<R>): void => {
      if (m.id !== task.id) return;
      cleanup();
      resolve({ result: m, crashed: false });
    };
    const onError = (error: Error): void => {
      cleanup();
      resolve({
        result: { id: task.id, ok: false, error: `worker crashed: ${error.message}` },
        crashed: true,
      });
    };
    const onExit = (code: number): void => {
      cleanup();
      resolve({ result: { id: task.id, ok: false, error: `worker exited (code ${code})` }, crashed: true });
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id: task.id, payload: task.payload } satisfies TaskMessage<P>);
  });
}

/**
 * Worker side: answers each task message with the handler's value, or with its error message. Call once at the
 * top level of a worker module.
 */
export function serveWorkerTasks<P, R>(handler: (payload: P) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread');
  port.on('message', (m: TaskMessage<P>) => {
    handler(m.payload).then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies ResultMessage<R>),
      (error: unknown) =>
        port.postMessage({
          id: m.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        } satisfies ResultMessage<R>),
    );
  });
}
