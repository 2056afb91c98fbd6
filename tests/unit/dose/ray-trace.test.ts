import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { createVolume } from '../../../src/core/volume.js';
import { radiologicalPathMm } from '../../../src/dose/ray-trace-reference.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { SIDDON_ANALYTIC_TOLERANCE_MM } from '../../helpers/tolerances.js';

describe('Siddon radiological path (float64 reference)', () => {
  it('uniform RED on an oblique anisotropic grid: path = RED × chord length through the cell box', () => {
    const grid = makeAwkwardGrid();
    const red = createVolume(grid, 'RED', new Float32Array(17 * 19 * 23).fill(1.25));
    // a segment fully inside the cell box: between two interior voxel centres
    const a = indexToLps(grid, [2.3, 3.1, 4.7]);
    const b = indexToLps(grid, [14.2, 15.9, 19.1]);
    const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    expect(Math.abs(radiologicalPathMm(red, a, b) - 1.25 * len)).toBeLessThan(SIDDON_ANALYTIC_TOLERANCE_MM);
    // from far outside to far outside along +i through the middle: chord = nx × Δx exactly
    const from = indexToLps(grid, [-50, 9, 11]);
    const to = indexToLps(grid, [80, 9, 11]);
    expect(Math.abs(radiologicalPathMm(red, from, to) - 1.25 * 17 * 0.9)).toBeLessThan(
      SIDDON_ANALYTIC_TOLERANCE_MM,
    );
  });
  it('slabs: a diagonal ray through layered RED sums each layer × its oblique chord', () => {
    const grid = createGrid({ size: [4, 10, 4], spacingMm: [3, 2, 5], originLpsMm: [0, 0, 0] });
    const data = new Float32Array(4 * 10 * 4);
    const layer = (j: number) => (j < 3 ? 1 : j < 6 ? 0.25 : 1.6);
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 10; j++) for (let i = 0; i < 4; i++) data[i + 4 * (j + 10 * k)] = layer(j);
    const red = createVolume(grid, 'RED', data);
    // y from −1 (cell face) to 19 (last face), with an x and z drift that stays inside the box
    const a: Vec3 = [1, -1, 2];
    const b: Vec3 = [7, 19, 14];
    const secant = Math.hypot(6, 20, 12) / 20; // chord length per mm of y
    const expected = secant * (3 * 2 * 1 + 3 * 2 * 0.25 + 4 * 2 * Math.fround(1.6)); // RED is stored as float32
    expect(Math.abs(radiologicalPathMm(red, a, b) - expected)).toBeLessThan(SIDDON_ANALYTIC_TOLERANCE_MM);
    // reversing the ray gives the same path
    expect(Math.abs(radiologicalPathMm(red, b, a) - expected)).toBeLessThan(SIDDON_ANALYTIC_TOLERANCE_MM);
  });
  it('a ray that misses the grid has zero path; a zero-length segment too', () => {
    const grid = createGrid({ size: [3, 3, 3], spacingMm: [1, 1, 1] });
    const red = createVolume(grid, 'RED', new Float32Array(27).fill(1));
    expect(radiologicalPathMm(red, [10, 10, 10], [20, 10, 10])).toBe(0);
    expect(radiologicalPathMm(red, [1, 1, 1], [1, 1, 1])).toBe(0);
  });
});
