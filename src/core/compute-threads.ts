import { availableParallelism } from 'node:os';
import { UsageError } from './errors.js';

/** The variable that caps the threads of each compute stage (dose, gamma, sCT inference). */
export const THREADS_ENV = 'EQUIDOSE_THREADS';

/** Beyond this many threads the stages are memory-bound: more threads add memory, not speed. */
const MAX_DEFAULT_THREADS = 4;

/**
 * Threads one compute stage may use by default: `EQUIDOSE_THREADS` when set (a positive integer: e.g. a cluster
 * job's share of the cores, or one per lane when `equidose cohort` runs several cases at once), otherwise the
 * machine's parallelism, at most 4. An explicit per-call thread count still wins over this default.
 */
export function defaultComputeThreads(): number {
  const raw = process.env[THREADS_ENV];
  if (raw === undefined || raw.trim() === '')
    return Math.max(1, Math.min(MAX_DEFAULT_THREADS, availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(
      `${THREADS_ENV} must be a positive integer (threads per compute stage), got '${raw}'`,
    );
  return n;
}
