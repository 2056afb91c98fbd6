import { describe, expect, it } from 'vitest';
import type { StructureOccupancy } from '../../../src/compare/dvh/occupancy.js';
import {
  ROI_GAMMA_MIN_OCCUPANCY,
  roiGammaPassRates,
} from '../../../src/compare/gamma/roi-gamma-pass-rate.js';
import { GeometryError } from '../../../src/core/errors.js';
import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';

/** 4 × 3 × 2 = 24 voxels; flat index = i + 4 (j + 3 k). */
const grid = createGrid({ size: [4, 3, 2], spacingMm: [2, 2, 3] });

/**
 * A hand-built γ map: voxel n holds GAMMA[n]. NaN = not evaluated (below the dose cutoff). Values sit on and
 * around the γ ≤ 1 boundary so that a `<` for `≤` (or a NaN counted as a fail) changes the counts.
 */
const GAMMA = [
  0.2,
  1,
  1.0000001,
  3,
  NaN,
  0.999,
  NaN,
  2,
  0,
  1.5,
  0.5,
  NaN,
  NaN,
  NaN,
  NaN,
  NaN,
  0.7,
  0.7,
  4,
  4,
  1,
  1,
  1,
  1,
];
const gamma = createVolume(grid, 'gamma', Float32Array.from(GAMMA));

const roi = (
  name: string,
  voxels: ReadonlyArray<readonly [index: number, fraction: number]>,
): StructureOccupancy => ({
  name,
  grid,
  indices: Uint32Array.from(voxels.map(([n]) => n)),
  fractions: Float32Array.from(voxels.map(([, f]) => f)),
  warnings: [],
});

describe('roiGammaPassRates (closed form)', () => {
  it('counts evaluated voxels at least half inside each ROI, and the percent of them with γ ≤ 1', () => {
    // PTV: voxels 0..7 fully inside. Evaluated: 0 (0.2 pass), 1 (1 pass: ≤ 1), 2 (1.0000001 fail),
    // 3 (3 fail), 5 (0.999 pass), 7 (2 fail); 4 and 6 are NaN → 6 evaluated, 3 passed = 50 %.
    const ptv = roi(
      'PTV',
      [0, 1, 2, 3, 4, 5, 6, 7].map((n) => [n, 1] as const),
    );
    // Rectum: 8 (0 pass, fraction exactly 0.5 → inside), 9 (1.5 fail, 0.49 → outside), 10 (0.5 pass, 0.8),
    // 16 (0.7 pass), 18 (4 fail), 20 (1 pass) → 5 evaluated, 4 passed = 80 %.
    const rectum = roi('Rectum', [
      [8, 0.5],
      [9, 0.49],
      [10, 0.8],
      [16, 1],
      [18, 0.75],
      [20, 0.6],
    ]);
    // Cord: only voxels below the dose cutoff (NaN) → no evaluated voxel → null, never NaN.
    const cord = roi(
      'Cord',
      [11, 12, 13, 14, 15].map((n) => [n, 1] as const),
    );
    // Skin: evaluated voxels, but each less than half inside → nothing counts.
    const skin = roi('Skin', [
      [0, 0.1],
      [3, 0.49],
      [23, 0.25],
    ]);

    const rates = roiGammaPassRates(gamma, [ptv, rectum, cord, skin]);

    expect(rates).toEqual([
      { name: 'PTV', passRatePercent: 50, evaluatedVoxels: 6 },
      { name: 'Rectum', passRatePercent: 80, evaluatedVoxels: 5 },
      { name: 'Cord', passRatePercent: null, evaluatedVoxels: 0 },
      { name: 'Skin', passRatePercent: null, evaluatedVoxels: 0 },
    ]);
    // null survives JSON (report.json); NaN would not.
    expect(JSON.parse(JSON.stringify(rates))[2]).toEqual({
      name: 'Cord',
      passRatePercent: null,
      evaluatedVoxels: 0,
    });
  });

  it('uses the documented occupancy threshold of one half', () => {
    expect(ROI_GAMMA_MIN_OCCUPANCY).toBe(0.5);
  });

  it('gives 100 % for an ROI where every evaluated voxel passes, and an empty list for no ROIs', () => {
    const rates = roiGammaPassRates(gamma, [
      roi(
        'Bladder',
        [20, 21, 22, 23, 12].map((n) => [n, 1] as const),
      ),
    ]);
    expect(rates).toEqual([{ name: 'Bladder', passRatePercent: 100, evaluatedVoxels: 4 }]);
    expect(roiGammaPassRates(gamma, [])).toEqual([]);
  });

  it('refuses an occupancy on another grid (its flat indices would point at the wrong voxels)', () => {
    const other: Grid3 = createGrid({ size: [3, 4, 2], spacingMm: [2, 2, 3] });
    const misplaced: StructureOccupancy = { ...roi('PTV', [[0, 1]]), grid: other };
    expect(() => roiGammaPassRates(gamma, [misplaced])).toThrow(GeometryError);
  });
});
