import { describe, expect, it } from 'vitest';
import { GeometryError, NumericalError } from '../../../src/core/errors.js';
import { createGrid, type Grid3 } from '../../../src/core/grid.js';
import { resampleVolume } from '../../../src/core/resample.js';
import { indexToLps, lpsToIndex } from '../../../src/core/transforms.js';
import { type Vec3, dot3 } from '../../../src/core/vec3.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import { makeAwkwardGrid, rotatedAxes } from '../../helpers/make-grid.js';
import { LINEAR_FIELD_RELATIVE_TOLERANCE } from '../../helpers/tolerances.js';

/** A Float64 volume with a distinct value per voxel: 1000·k + 100·j + i. */
function indexCoded(grid: Grid3): Volume<'MR', Float64Array> {
  const [nx, ny, nz] = grid.size;
  const data = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = 1000 * k + 100 * j + i;
  return createVolume(grid, 'MR', data);
}

const at = (v: Volume, i: number, j: number, k: number): number =>
  v.data[i + v.grid.size[0] * (j + v.grid.size[1] * k)] as number;

/** Grid with the same voxel centres as `g` shifted by `n` voxels along axis `d`. */
function shifted(g: Grid3, d: 0 | 1 | 2, n: number): Grid3 {
  const step = g.axes[d].map((c) => c * g.spacingMm[d] * n) as unknown as Vec3;
  return {
    ...g,
    originLpsMm: [g.originLpsMm[0] + step[0], g.originLpsMm[1] + step[1], g.originLpsMm[2] + step[2]],
  };
}

describe('resampleVolume', () => {
  const grid = makeAwkwardGrid({ size: [9, 7, 5], frameOfReferenceUid: '' });
  const src = indexCoded(grid);

  it('is the identity on the same oblique anisotropic grid (nearest exact, trilinear to round-off)', () => {
    const near = resampleVolume(src, grid, { interpolation: 'nearest', fillValue: -1 });
    expect(Array.from(near.data)).toEqual(Array.from(src.data));
    const lin = resampleVolume(src, grid, { interpolation: 'trilinear', fillValue: -1 });
    lin.data.forEach((v, n) => expect(Math.abs(v - (src.data[n] as number))).toBeLessThan(1e-9));
    expect(lin.data).toBeInstanceOf(Float64Array);
  });

  it('shifts by whole voxels and fills what falls outside', () => {
    for (const interpolation of ['nearest', 'trilinear'] as const) {
      const out = resampleVolume(src, shifted(grid, 1, 2), { interpolation, fillValue: -7 });
      for (let k = 0; k < 5; k++)
        for (let j = 0; j < 7; j++)
          for (let i = 0; i < 9; i++) {
            const expected = j + 2 < 7 ? at(src, i, j + 2, k) : -7;
            expect(Math.abs(at(out, i, j, k) - expected)).toBeLessThan(1e-9);
          }
    }
  });

  it('averages neighbours on a half-voxel shift (trilinear) and fills beyond the last centre', () => {
    const out = resampleVolume(src, shifted(grid, 0, 0.5), { interpolation: 'trilinear', fillValue: NaN });
    expect(at(out, 3, 2, 1)).toBeCloseTo((at(src, 3, 2, 1) + at(src, 4, 2, 1)) / 2, 9);
    expect(at(out, 8, 2, 1)).toBeNaN();
  });

  it('follows flipped and permuted axes', () => {
    const [a, b, c] = grid.axes;
    const flipI: Grid3 = {
      ...grid,
      originLpsMm: indexToLps(grid, [8, 0, 0]),
      axes: [[-a[0], -a[1], -a[2]], b, c],
    };
    const flipped = resampleVolume(src, flipI, { interpolation: 'nearest', fillValue: -1 });
    expect(at(flipped, 0, 3, 2)).toBe(at(src, 8, 3, 2));
    expect(at(flipped, 8, 6, 4)).toBe(at(src, 0, 6, 4));
    const swapIJ = createGrid({
      size: [7, 9, 5],
      spacingMm: [grid.spacingMm[1], grid.spacingMm[0], grid.spacingMm[2]],
      originLpsMm: grid.originLpsMm,
      axes: [b, a, c],
    });
    for (const interpolation of ['nearest', 'trilinear'] as const) {
      const swapped = resampleVolume(src, swapIJ, { interpolation, fillValue: -1 });
      for (let j = 0; j < 9; j++)
        for (let i = 0; i < 7; i++) expect(at(swapped, i, j, 3)).toBeCloseTo(at(src, j, i, 3), 9);
    }
  });

  it('reproduces an analytic linear field exactly (trilinear) on a rotated target grid', () => {
    const source = makeAwkwardGrid({ size: [21, 19, 17], frameOfReferenceUid: '' });
    const gradient: Vec3 = [0.37, -1.21, 2.05]; // per mm, LPS
    const f = (p: Vec3): number => 42.5 + dot3(gradient, p);
    const [nx, ny, nz] = source.size;
    const values = new Float64Array(nx * ny * nz);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) values[i + nx * (j + ny * k)] = f(indexToLps(source, [i, j, k]));
    const centre = indexToLps(source, [10, 9, 8]);
    const target = createGrid({
      size: [6, 5, 4],
      spacingMm: [1.7, 0.6, 1.1],
      originLpsMm: [centre[0] - 2, centre[1] - 1, centre[2] - 1.5],
      axes: rotatedAxes([0, 0.6, 0.8], -40),
    });
    const out = resampleVolume(createVolume(source, 'MR', values), target, {
      interpolation: 'trilinear',
      fillValue: NaN,
    });
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 5; j++)
        for (let i = 0; i < 6; i++) {
          const expected = f(indexToLps(target, [i, j, k]));
          expect(Math.abs(at(out, i, j, k) - expected)).toBeLessThanOrEqual(
            LINEAR_FIELD_RELATIVE_TOLERANCE * Math.abs(expected),
          );
        }
  });

  it('matches a brute-force nearest lookup through LPS on an unrelated rotated grid', () => {
    const target = createGrid({
      size: [11, 8, 6],
      spacingMm: [1.3, 0.8, 1.9],
      originLpsMm: indexToLps(grid, [-1.2, 0.4, -0.7]),
      axes: rotatedAxes([0.8, 0, 0.6], 25),
    });
    const out = resampleVolume(src, target, { interpolation: 'nearest', fillValue: -1 });
    let inside = 0;
    for (let k = 0; k < 6; k++)
      for (let j = 0; j < 8; j++)
        for (let i = 0; i < 11; i++) {
          const ijk = lpsToIndex(grid, indexToLps(target, [i, j, k])).map((x) => Math.round(x));
          const ok = ijk.every((x, d) => x >= 0 && x < grid.size[d]!);
          if (ok) inside++;
          expect(at(out, i, j, k)).toBe(ok ? at(src, ijk[0]!, ijk[1]!, ijk[2]!) : -1);
        }
    expect(inside).toBeGreaterThan(50);
  });

  it('keeps integer types for nearest and refuses a fill value they cannot hold', () => {
    const labels = createVolume(grid, 'label', new Uint8Array(9 * 7 * 5).fill(3));
    const out = resampleVolume(labels, shifted(grid, 2, 1), { interpolation: 'nearest', fillValue: 0 });
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(at(out, 0, 0, 4)).toBe(0);
    expect(() => resampleVolume(labels, grid, { interpolation: 'nearest', fillValue: -1000 })).toThrow(
      NumericalError,
    );
  });

  it('refuses to resample across different frames of reference and reports progress', () => {
    const a = { ...src, grid: { ...grid, frameOfReferenceUid: '1.2' } };
    expect(() =>
      resampleVolume(a, { ...grid, frameOfReferenceUid: '1.3' }, { interpolation: 'nearest', fillValue: 0 }),
    ).toThrow(GeometryError);
    const seen: number[] = [];
    resampleVolume(src, grid, { interpolation: 'trilinear', fillValue: 0, onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });
});
