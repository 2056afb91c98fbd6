import { describe, expect, it } from 'vitest';
import { createSourceWorkerPool, sharedSourceWorkerPool } from '../../../src/core/source-worker-pool.js';

// Self-contained functions as the workers define them: `fillBand` calls `square` by its pool name.
function square(x: number): number {
  return x * x;
}
function fillBand(out: Float64Array, k0: number, k1: number): void {
  for (let k = k0; k < k1; k++) out[k] = square(k);
}
function quit(really: boolean): void {
  if (really) process.exit(3);
}
const FUNCTIONS = { square, fillBand, quit };

describe('source worker pool', () => {
  it('runs one band per thread (main thread included) over shared memory, the functions calling each other', async () => {
    const pool = createSourceWorkerPool('test', FUNCTIONS, 3);
    expect(pool.threads).toBe(3);
    const out = new Float64Array(new SharedArrayBuffer(8 * 30));
    await pool.run('fillBand', (b) => [out, 10 * b, 10 * b + 10]);
    expect(Array.from(out)).toEqual(Array.from({ length: 30 }, (_, k) => k * k));
    await expect(pool.run('nothing', () => [])).rejects.toThrow(/no function 'nothing'/);
    await pool.close();
    await expect(pool.run('fillBand', () => [out, 0, 0])).rejects.toThrow(/closed or lost a worker/);
  });

  it('a worker that exits without answering fails the run (no hang) and the shared pool is then replaced', async () => {
    const pool = sharedSourceWorkerPool('test-exit', FUNCTIONS, 2);
    expect(sharedSourceWorkerPool('test-exit', FUNCTIONS, 2)).toBe(pool);
    // band 0 (the main thread) returns; band 1 (the worker) exits
    await expect(pool.run('quit', (b) => [b > 0])).rejects.toThrow(/exited \(code 3\)/);
    expect(pool.broken).toBe(true);
    expect(sharedSourceWorkerPool('test-exit', FUNCTIONS, 2)).not.toBe(pool);
  });
});
