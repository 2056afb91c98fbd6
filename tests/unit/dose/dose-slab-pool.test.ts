import { describe, expect, it } from 'vitest';
import { createDoseSlabPool, sharedDoseSlabPool } from '../../../src/dose/dose-slab-pool.js';

describe('dose worker pool', () => {
  const depthArgs = {
    params: new Float64Array(25),
    red: new Float32Array(new SharedArrayBuffer(4)),
    out: new Float32Array(new SharedArrayBuffer(4)),
  };

  it('a closed pool refuses work (an error, not a hang) and reports itself broken', async () => {
    const pool = createDoseSlabPool(2);
    expect(pool.broken).toBe(false);
    await pool.close();
    expect(pool.broken).toBe(true);
    await expect(pool.runDepth(depthArgs, 1)).rejects.toThrow(/closed or lost a worker/);
  });

  it('a worker that fails rejects the call; the process-wide pool is then replaced', async () => {
    const pool = sharedDoseSlabPool(2);
    // without params fanDepthRows throws, on the main thread and in the worker alike
    const bad = { ...depthArgs, params: undefined as unknown as Float64Array };
    await expect(pool.runDepth(bad, 2)).rejects.toThrow();
    expect(sharedDoseSlabPool(2)).toBe(pool); // a failed band is an error of the call, not of the pool
    await pool.close();
    const replacement = sharedDoseSlabPool(2);
    expect(replacement).not.toBe(pool);
    expect(replacement.broken).toBe(false);
  });
});
