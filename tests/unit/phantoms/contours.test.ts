import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { maskToContours } from '../../../src/phantoms/contours.js';
import { Prng } from '../../../src/phantoms/prng.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { rasterizeEvenOdd } from './even-odd.js';

describe('maskToContours (marching squares per k-plane)', () => {
  it('a single voxel gives one closed diamond through the four edge midpoints', () => {
    const grid = createGrid({ size: [3, 3, 1], spacingMm: [2, 3, 4], originLpsMm: [10, 20, 30] });
    const mask = new Uint8Array(9);
    mask[4] = 1;
    const contours = maskToContours(mask, grid);
    expect(contours).toHaveLength(1);
    const pts = Array.from(contours[0]!.pointsLpsMm);
    // Voxel (1,1,0) centre is (12, 23, 30); midpoints ±1 mm along i, ±1.5 mm along j.
    const xy = [];
    for (let m = 0; m < pts.length; m += 3) xy.push(`${pts[m]},${pts[m + 1]},${pts[m + 2]}`);
    expect(xy.sort()).toEqual(['11,23,30', '12,21.5,30', '12,24.5,30', '13,23,30'].sort());
  });

  it('a ring gives an outer polygon and a hole, and even-odd filling reproduces it', () => {
    const grid = createGrid({ size: [9, 9, 1], spacingMm: [1, 1, 1] });
    const mask = new Uint8Array(81);
    for (let j = 1; j < 8; j++) for (let i = 1; i < 8; i++) mask[i + 9 * j] = 1;
    for (let j = 3; j < 6; j++) for (let i = 3; i < 6; i++) mask[i + 9 * j] = 0;
    const contours = maskToContours(mask, grid);
    expect(contours).toHaveLength(2);
    // Collinear vertices merged: the outer square's 28 edge midpoints reduce to its 4 corners' cuts (8 points).
    expect(contours.map((c) => c.pointsLpsMm.length / 3).sort()).toEqual([8, 8]);
    expect(rasterizeEvenOdd(contours, grid)).toEqual(mask);
  });

  it('random masks (diagonal saddles, edges of the grid, several planes) are reproduced exactly on an oblique grid', () => {
    const grid = makeAwkwardGrid({ size: [17, 13, 4] });
    const rng = new Prng(5, 'contour-test');
    for (let trial = 0; trial < 5; trial++) {
      const mask = new Uint8Array(17 * 13 * 4);
      for (let n = 0; n < mask.length; n++) mask[n] = rng.uniform() < 0.45 ? 1 : 0;
      const contours = maskToContours(mask, grid);
      for (const c of contours) expect(c.pointsLpsMm.length / 3).toBeGreaterThanOrEqual(3);
      expect(rasterizeEvenOdd(contours, grid)).toEqual(mask);
    }
  });

  it('an empty mask gives no contours; a full plane is closed by the padding', () => {
    const grid = createGrid({ size: [4, 5, 2], spacingMm: [1, 1, 1] });
    expect(maskToContours(new Uint8Array(40), grid)).toEqual([]);
    const full = new Uint8Array(40).fill(1);
    const contours = maskToContours(full, grid);
    expect(contours).toHaveLength(2);
    expect(rasterizeEvenOdd(contours, grid)).toEqual(full);
  });
});
