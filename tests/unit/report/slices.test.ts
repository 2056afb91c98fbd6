import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { extractOrthogonalSlices, planeIndices } from '../../../src/report/slices.js';

describe('display slices', () => {
  // 6 × 4 × 3 grid, value = 100 i + 10 j + k: every sample identifies its voxel.
  const grid = createGrid({ size: [6, 4, 3], spacingMm: [1, 2, 3], originLpsMm: [10, 20, 30] });
  const data = new Float32Array(72);
  for (let k = 0; k < 3; k++)
    for (let j = 0; j < 4; j++) for (let i = 0; i < 6; i++) data[i + 6 * (j + 4 * k)] = 100 * i + 10 * j + k;
  const volume = createVolume(grid, 'HU', data);

  it('keeps the axis order: axial rows run along j (P), columns along i (L)', () => {
    const [axial, coronal, sagittal] = extractOrthogonalSlices(volume, {
      maxInPlanePx: 64,
      maxPositions: 10,
      decimals: 0,
      reduce: 'mean',
      focusLpsMm: [12, 22, 33],
    });
    expect(axial.orientation).toBe('axial');
    expect(axial.positionsMm).toEqual([30, 33, 36]);
    expect(axial.defaultIndex).toBe(1);
    expect(axial.xMm).toEqual([10, 11, 12, 13, 14, 15]);
    expect(axial.yMm).toEqual([20, 22, 24, 26]);
    expect(axial.slices[1]![3]![5]).toBe(531); // row j=3, column i=5, plane k=1
    expect(coronal.orientation).toBe('coronal');
    expect(coronal.slices[coronal.defaultIndex]![2]![4]).toBe(412); // j=1 plane, row k=2, column i=4
    expect(sagittal.orientation).toBe('sagittal');
    expect(sagittal.slices[sagittal.defaultIndex]![1]![3]).toBe(231); // i=2 plane, row k=1, column j=3
  });

  it('block-reduces in-plane (mean or max) and ignores NaN', () => {
    const nanned = Float32Array.from(data);
    nanned[0] = NaN;
    const v = createVolume(grid, 'HU', nanned);
    const [axialMean] = extractOrthogonalSlices(v, {
      maxInPlanePx: 3,
      maxPositions: 3,
      decimals: 2,
      reduce: 'mean',
    });
    // stride 2: block (i 0–1, j 0–1) of plane k = 1 (the middle): mean of 1, 101, 11, 111.
    expect(axialMean.xMm).toEqual([10.5, 12.5, 14.5]);
    expect(axialMean.slices[1]![0]![0]).toBe(56);
    // plane k = 0: voxel (0,0,0) is NaN and skipped: mean of 100, 10, 110.
    expect(axialMean.slices[0]![0]![0]).toBeCloseTo(73.33, 2);
    const [axialMax] = extractOrthogonalSlices(v, {
      maxInPlanePx: 3,
      maxPositions: 3,
      decimals: 0,
      reduce: 'max',
    });
    expect(axialMax.slices[0]![0]![0]).toBe(110);
  });

  it('picks evenly spaced planes and always includes the focus plane', () => {
    expect(planeIndices(5, 10, 2)).toEqual([0, 1, 2, 3, 4]);
    const picks = planeIndices(100, 10, 37);
    expect(picks).toHaveLength(10);
    expect(picks).toContain(37);
    expect([...picks].sort((a, b) => a - b)).toEqual(picks);
  });
});
