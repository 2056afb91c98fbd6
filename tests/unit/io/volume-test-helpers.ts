import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Grid3 } from '../../../src/core/grid.js';
import { createVolume, type Quantity, type Volume, type VoxelArray } from '../../../src/core/volume.js';

/** A fresh temp directory and its cleanup. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'equidose-io-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A volume whose every voxel differs and depends on i, j and k differently (so an axis swap or flip shows),
 * spanning the type's range including negatives and extremes where the type has them.
 */
export function makePatternVolume(
  grid: Grid3,
  quantity: Quantity,
  ctor: new (n: number) => VoxelArray,
  extremes: readonly number[] = [],
): Volume {
  const [nx, ny, nz] = grid.size;
  const data = new ctor(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = ((i * 7 + j * 131 + k * 1009) % 251) - 100;
  extremes.forEach((v, n) => (data[n] = v));
  if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let n = 0; n < data.length; n++) data[n] = (data[n] as number) * 0.37 + 1e-3;
    extremes.forEach((v, n) => (data[n] = v));
  }
  return createVolume(grid, quantity, data);
}

/** Asserts two grids equal within tolerances (size exact). */
export function expectGridClose(
  actual: Grid3,
  expected: Grid3,
  toleranceMm: number,
  axisTolerance: number,
): void {
  expect(actual.size).toEqual(expected.size);
  for (let d = 0; d < 3; d++) {
    expect(Math.abs(actual.spacingMm[d]! - expected.spacingMm[d]!)).toBeLessThanOrEqual(toleranceMm);
    expect(Math.abs(actual.originLpsMm[d]! - expected.originLpsMm[d]!)).toBeLessThanOrEqual(toleranceMm);
    for (let c = 0; c < 3; c++)
      expect(Math.abs(actual.axes[d]![c]! - expected.axes[d]![c]!)).toBeLessThanOrEqual(axisTolerance);
  }
}

/** Asserts bit-exact data: same typed-array class and identical bytes. */
export function expectSameVoxels(actual: VoxelArray, expected: VoxelArray): void {
  expect(actual.constructor.name).toBe(expected.constructor.name);
  expect(actual.length).toBe(expected.length);
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  expect(Buffer.compare(a, b)).toBe(0);
}
