import { describe, expect, it } from 'vitest';
import { createGrid, voxelIndex } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import type { Volume } from '../../../src/core/volume.js';
import { computeBodyMask } from '../../../src/synthct/body-mask.js';
import { modelGridFor } from '../../../src/synthct/model-grid.js';
import { percentilesOf } from '../../../src/core/percentile.js';
import { resampleOntoModelGrid } from '../../../src/synthct/resample-onto.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { alignedGrid, bodyMr } from './synthct-fixtures.js';

describe('percentilesOf', () => {
  it('matches numpy.percentile (linear) on hand-checked values', () => {
    // np.percentile([4, 1, 3, 2], [0, 25, 50, 99, 100]) = [1, 1.75, 2.5, 3.97, 4]
    const got = percentilesOf(Float32Array.from([4, 1, 3, 2]), [0, 25, 50, 99, 100]);
    expect(got[0]).toBe(1);
    expect(got[1]).toBe(1.75);
    expect(got[2]).toBe(2.5);
    expect(got[3]).toBeCloseTo(3.97, 12);
    expect(got[4]).toBe(4);
    expect(percentilesOf(new Float32Array(0), [50])[0]).toBeNaN();
  });

  it('agrees with a full sort on random data with many ties', () => {
    let state = 12345;
    const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const n of [1, 2, 3, 10, 1001, 20000]) {
      const v = Float32Array.from({ length: n }, () => Math.floor(rand() * 50) / 7);
      const sorted = Float32Array.from(v).sort();
      for (const p of [0, 0.5, 1, 37.3, 50, 99, 99.5, 100]) {
        const rank = (p / 100) * (n - 1);
        const lo = Math.floor(rank);
        const hi = Math.min(lo + 1, n - 1);
        const want = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
        expect(percentilesOf(Float32Array.from(v), [p])[0]).toBeCloseTo(want, 10);
      }
    }
  });
});

describe('computeBodyMask', () => {
  const recipe = { thresholdFraction: 0.1, robustMaxPercentile: 99.5, minVoxels: 10 };

  it('recovers the body including dark bone and gas inside it, and drops an isolated bright speck', () => {
    const { mr, body } = bodyMr(alignedGrid([21, 18, 7]));
    const data = Float32Array.from(mr.data);
    data[voxelIndex(mr.grid.size, 0, 0, 3)] = 900; // noise speck in the corner, outside the body
    const mask = computeBodyMask({ ...mr, data }, recipe, 2);
    expect(Array.from(mask.data)).toEqual(Array.from(body.data));
    expect(mask.grid).toBe(mr.grid);
  });

  it('fills holes across the requested slice axis only', () => {
    // a hollow box: the cavity is enclosed in every k-slice but open along k at the ends
    const grid = createGrid({ size: [9, 9, 5], spacingMm: [1, 1, 1] });
    const data = new Float32Array(9 * 9 * 5);
    for (let k = 0; k < 5; k++)
      for (let j = 1; j < 8; j++)
        for (let i = 1; i < 8; i++) {
          const wall = i === 1 || i === 7 || j === 1 || j === 7;
          data[voxelIndex(grid.size, i, j, k)] = wall ? 100 : 0;
        }
    const mr: Volume<'MR'> = { grid, quantity: 'MR', data };
    const axial = computeBodyMask(mr, recipe, 2);
    expect(axial.data[voxelIndex(grid.size, 4, 4, 2)]).toBe(1);
    const sagittal = computeBodyMask(mr, recipe, 0);
    expect(sagittal.data[voxelIndex(grid.size, 4, 4, 2)]).toBe(0);
  });

  it('rejects an MR without body signal or with too small a body', () => {
    const grid = createGrid({ size: [6, 6, 6], spacingMm: [1, 1, 1] });
    const zero: Volume<'MR'> = { grid, quantity: 'MR', data: new Float32Array(216) };
    expect(() => computeBodyMask(zero, recipe, 2)).toThrow(
      /no body signal: its 99.5th percentile intensity is 0/,
    );
    const speck = new Float32Array(216);
    speck.fill(5, 0, 3);
    expect(() =>
      computeBodyMask({ grid, quantity: 'MR', data: speck }, { ...recipe, robustMaxPercentile: 100 }, 2),
    ).toThrow(/body mask has 3 voxels \(need ≥ 10\)/);
  });
});

describe('modelGridFor and resampleTrilinear', () => {
  const spec = {
    columnDirection: '+L',
    rowDirection: '+P',
    sliceDirection: '+S',
    inPlaneSpacingMm: null,
    sliceSpacingMm: null,
    neighbourSlices: 1,
  } as const;

  it('covers every voxel centre of an oblique MR, in the MR frame of reference', () => {
    const mr = makeAwkwardGrid();
    const model = modelGridFor(mr, { ...spec, inPlaneSpacingMm: [1.5, 1.5], sliceSpacingMm: 2 });
    expect(model.frameOfReferenceUid).toBe(mr.frameOfReferenceUid);
    expect(model.axes).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const far = indexToLps(model, [model.size[0] - 1, model.size[1] - 1, model.size[2] - 1]);
    for (const c of [
      [0, 0, 0],
      [16, 18, 22],
      [16, 0, 22],
      [0, 18, 0],
    ] as const) {
      const p = indexToLps(mr, c);
      for (let d = 0; d < 3; d++) {
        expect(p[d]).toBeGreaterThanOrEqual(model.originLpsMm[d]! - 1e-9);
        expect(p[d]).toBeLessThanOrEqual(far[d]! + 1e-9);
      }
    }
  });

  it('uses the MR spacing along the closest axis when the manifest says null', () => {
    const mr = createGrid({
      size: [4, 5, 6],
      spacingMm: [0.7, 1.1, 3],
      axes: [
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
      ],
    });
    const model = modelGridFor(mr, spec);
    expect(model.spacingMm).toEqual([1.1, 3, 0.7]);
    expect(model.size).toEqual([5, 6, 4]);
  });

  it('is exact where centres coincide and exact on linear fields between them', () => {
    const src = createGrid({ size: [5, 4, 3], spacingMm: [2, 3, 4], originLpsMm: [1, 2, 3] });
    const lin = new Float32Array(60);
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 4; j++)
        for (let i = 0; i < 5; i++) lin[voxelIndex(src.size, i, j, k)] = 3 * i - 2 * j + 5 * k;
    const vol: Volume<'MR'> = { grid: src, quantity: 'MR', data: lin };
    expect(Array.from(resampleOntoModelGrid(vol, src, -1))).toEqual(Array.from(lin));
    // a half-voxel shifted target: values are the linear field at the shifted points, outside → fill
    const tgt = createGrid({ size: [5, 4, 3], spacingMm: [2, 3, 4], originLpsMm: [2, 3.5, 5] });
    const out = resampleOntoModelGrid(vol, tgt, -1);
    expect(out[voxelIndex(tgt.size, 0, 0, 0)]).toBeCloseTo(3 * 0.5 - 2 * 0.5 + 5 * 0.5, 5);
    expect(out[voxelIndex(tgt.size, 4, 0, 0)]).toBe(-1);
  });
});
