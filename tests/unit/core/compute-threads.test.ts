import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { laneThreadsEnv } from '../../../src/cohort/run-cohort.js';
import { UsageError } from '../../../src/core/errors.js';
import { defaultComputeThreads, THREADS_ENV } from '../../../src/core/compute-threads.js';

describe('compute threads per stage', () => {
  const saved = process.env[THREADS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env.EQUIDOSE_THREADS;
    else process.env[THREADS_ENV] = saved;
  });

  it('defaults to the cores, at most 4; EQUIDOSE_THREADS overrides; nonsense is a usage error naming it', () => {
    delete process.env.EQUIDOSE_THREADS;
    expect(defaultComputeThreads()).toBe(Math.max(1, Math.min(4, availableParallelism())));
    process.env[THREADS_ENV] = '7';
    expect(defaultComputeThreads()).toBe(7);
    for (const bad of ['0', '-2', '1.5', 'many']) {
      process.env[THREADS_ENV] = bad;
      expect(() => defaultComputeThreads()).toThrow(UsageError);
      expect(() => defaultComputeThreads()).toThrow(new RegExp(`${THREADS_ENV}.*'${bad}'`));
    }
  });

  it('cohort lanes share the cores (at least one thread each) and keep a user-set EQUIDOSE_THREADS', () => {
    delete process.env.EQUIDOSE_THREADS;
    const cores = availableParallelism();
    expect(laneThreadsEnv(1)).toEqual({ [THREADS_ENV]: String(cores) });
    expect(laneThreadsEnv(cores)).toEqual({ [THREADS_ENV]: '1' });
    expect(laneThreadsEnv(cores * 3)).toEqual({ [THREADS_ENV]: '1' });
    process.env[THREADS_ENV] = '2';
    expect(laneThreadsEnv(2)).toEqual({});
  });
});
