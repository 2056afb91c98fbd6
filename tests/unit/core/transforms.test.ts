import { describe, expect, it } from 'vitest';
import { createGrid, gridEquals, gridMismatch, voxelIndex } from '../../../src/core/grid.js';
import { indexToLps, lpsToIndex, lpsToNearestVoxel } from '../../../src/core/transforms.js';
import { GeometryError } from '../../../src/core/errors.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { GEOMETRY_TOLERANCE_MM } from '../../helpers/tolerances.js';

describe('index ↔ LPS', () => {
  it('maps voxel (0,0,0) to the origin and steps by spacing along each named axis', () => {
    const grid = makeAwkwardGrid();
    expect(indexToLps(grid, [0, 0, 0])).toEqual(grid.originLpsMm);
    for (let d = 0; d < 3; d++) {
      const ijk: [number, number, number] = [0, 0, 0];
      ijk[d] = 1;
      const p = indexToLps(grid, ijk);
      const step = Math.hypot(...p.map((v, c) => v - (grid.originLpsMm[c] as number)));
      expect(step).toBeCloseTo(grid.spacingMm[d] as number, 12);
    }
  });

  it('round-trips continuous coordinates on an oblique anisotropic grid', () => {
    const grid = makeAwkwardGrid();
    for (const ijk of [
      [0.5, 3.25, 7],
      [16, 18, 22],
      [-2, 40.5, 3.3],
    ] as const) {
      const back = lpsToIndex(grid, indexToLps(grid, ijk));
      for (let d = 0; d < 3; d++)
        expect(Math.abs((back[d] as number) - (ijk[d] as number))).toBeLessThan(GEOMETRY_TOLERANCE_MM);
    }
  });

  it('distinguishes i from j when Δx ≠ Δy (axis-order trap)', () => {
    const grid = createGrid({ size: [4, 5, 6], spacingMm: [1, 2, 3] });
    expect(indexToLps(grid, [1, 0, 0])).toEqual([1, 0, 0]);
    expect(indexToLps(grid, [0, 1, 0])).toEqual([0, 2, 0]);
    expect(indexToLps(grid, [0, 0, 1])).toEqual([0, 0, 3]);
    expect(voxelIndex(grid.size, 1, 2, 3)).toBe(1 + 4 * (2 + 5 * 3));
  });

  it('finds the nearest voxel and nothing outside the grid', () => {
    const grid = createGrid({ size: [4, 5, 6], spacingMm: [1, 2, 3], originLpsMm: [10, 20, 30] });
    expect(lpsToNearestVoxel(grid, [11.4, 23.1, 35.9])).toEqual([1, 2, 2]);
    expect(lpsToNearestVoxel(grid, [9, 20, 30])).toBeUndefined();
  });
});

describe('grid validation and equality', () => {
  it('rejects non-positive spacing, fractional sizes and sheared axes', () => {
    expect(() => createGrid({ size: [2, 2, 2], spacingMm: [1, 0, 1] })).toThrow(GeometryError);
    expect(() => createGrid({ size: [2, 2.5, 2], spacingMm: [1, 1, 1] })).toThrow(GeometryError);
    expect(() =>
      createGrid({
        size: [2, 2, 2],
        spacingMm: [1, 1, 1],
        axes: [
          [1, 0, 0],
          [Math.SQRT1_2, Math.SQRT1_2, 0],
          [0, 0, 1],
        ],
      }),
    ).toThrow(/orthogonal/);
  });

  it('names the first difference', () => {
    const a = makeAwkwardGrid();
    expect(gridEquals(a, a)).toBe(true);
    const b = makeAwkwardGrid({ originLpsMm: [-12.5, 30.25, -100] });
    expect(gridMismatch(a, b)).toMatch(/^origin/);
  });
});
