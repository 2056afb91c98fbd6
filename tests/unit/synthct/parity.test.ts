import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGrid, voxelIndex } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import { computeBodyMask } from '../../../src/synthct/body-mask.js';
import { parseModelManifest } from '../../../src/synthct/manifest-schema.js';
import { prepareModelInput } from '../../../src/synthct/preprocess.js';
import { baseManifest, FIXTURES } from './synthct-fixtures.js';

/** Written by fixtures/make-parity.py with the TRAINING code (models/train/dataset.py). */
interface ParityExpected {
  size: [number, number, number];
  spacingMm: [number, number, number];
  modelSpacingMm: [number, number, number];
  maskVoxels: number;
  lowMr: number;
  highMr: number;
  modelSize: [number, number, number];
  normalisedSum: number;
  samples: Record<string, number>;
  recipe: { P_LOW: number; P_HIGH: number; MASK_FRACTION: number; MASK_ROBUST_PERCENTILE: number };
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'parity-expected.json'), 'utf8')) as ParityExpected;

/** The integer-valued MR of make-parity.py (float32-exact in both languages). */
function parityMr(): Volume<'MR'> {
  const grid = createGrid({ size: expected.size, spacingMm: expected.spacingMm });
  const [nx, ny, nz] = grid.size;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r = Math.hypot((i - 19.5) / 16, (j - 16.5) / 13);
        const tissue = 300 + ((i * 73 + j * 151 + k * 37) % 101) * 5;
        const inside = r > 0.45 && r < 0.55 ? 3 : r < 0.15 ? 2 : tissue;
        data[voxelIndex(grid.size, i, j, k)] = r < 1 ? inside : (i * 17 + j * 29 + k * 7) % 11;
      }
  return { grid, quantity: 'MR', data };
}

describe('training (Python) and inference (TS) prepare the network input identically', () => {
  const manifest = parseModelManifest({
    ...baseManifest('ab'.repeat(32)),
    modelGrid: {
      columnDirection: '+L',
      rowDirection: '+P',
      sliceDirection: '+S',
      inPlaneSpacingMm: [expected.modelSpacingMm[0], expected.modelSpacingMm[1]],
      sliceSpacingMm: expected.modelSpacingMm[2],
      neighbourSlices: 1,
    },
    mrNormalisation: {
      method: 'percentile-in-body',
      lowerPercentile: expected.recipe.P_LOW,
      upperPercentile: expected.recipe.P_HIGH,
      outputRange: [-1, 1],
      clip: true,
    },
    bodyMask: {
      thresholdFraction: expected.recipe.MASK_FRACTION,
      robustMaxPercentile: expected.recipe.MASK_ROBUST_PERCENTILE,
      minVoxels: 10,
    },
  });

  it('same body mask, percentiles, model grid and normalised values (1.5 mm MR → 2 mm model grid)', () => {
    const mr = parityMr();
    const mask = computeBodyMask(mr, manifest.bodyMask, 2);
    expect(mask.data.reduce((s, v) => s + v, 0)).toBe(expected.maskVoxels);
    const input = prepareModelInput(mr, mask, manifest);
    expect(input.normalisation.lowMr).toBe(expected.lowMr);
    expect(input.normalisation.highMr).toBe(expected.highMr);
    // numpy's [i, j, k] shape is our size
    expect(input.modelGrid.size).toEqual(expected.modelSize);
    let sum = 0;
    for (const v of input.normalised) sum += v;
    // float32 values (|v| ≤ 1, 7254 of them): both sides differ only by float32 rounding of each value
    expect(Math.abs(sum - expected.normalisedSum)).toBeLessThan(1e-3);
    for (const [n, v] of Object.entries(expected.samples))
      expect(input.normalised[Number(n)]).toBeCloseTo(v, 6);
  });
});
