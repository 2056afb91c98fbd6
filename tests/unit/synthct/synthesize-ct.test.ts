import { describe, expect, it } from 'vitest';
import { createGrid, type Grid3, voxelIndex } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import { synthesizeCt, synthesizeCtDetailed } from '../../../src/synthct/synthesize-ct.js';
import { SYNTHCT_AFFINE_HU_TOLERANCE } from '../../helpers/tolerances.js';
import { AFFINE_B, AFFINE_W, alignedGrid, bodyMr, makeModelDir } from './synthct-fixtures.js';

/** numpy's default percentile (linear between order statistics), written out independently of src/. */
function numpyPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

/** The sCT the affine fixture must give: the manifest's recipe applied by hand on the MR grid. */
function expectedAffineHu(mr: Volume<'MR'>, body: Volume<'mask'>): Float64Array {
  const inside: number[] = [];
  body.data.forEach((b, n) => {
    if (b) inside.push(mr.data[n]!);
  });
  const lo = numpyPercentile(inside, 1);
  const hi = numpyPercentile(inside, 99);
  const norm = (v: number): number => Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 2 - 1;
  const [nx, ny, nz] = mr.grid.size;
  const out = new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const n = voxelIndex(mr.grid.size, i, j, k);
        let y = AFFINE_B;
        for (let c = 0; c < 3; c++) {
          const kk = Math.min(nz - 1, Math.max(0, k + c - 1));
          y += AFFINE_W[c]! * norm(mr.data[voxelIndex(mr.grid.size, i, j, kk)]!);
        }
        out[n] = body.data[n] ? Math.min(3000, Math.max(-1024, y * 1000 + 200)) : -1000;
      }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; at: number } {
  let diff = 0;
  let at = -1;
  for (let n = 0; n < a.length; n++) {
    const d = Math.abs(a[n]! - b[n]!);
    if (d > diff || Number.isNaN(d)) [diff, at] = [Number.isNaN(d) ? Infinity : d, n];
  }
  return { diff, at };
}

/** The same physical image stored with i ↔ j swapped and k reversed (right-handed, different memory order). */
function reorient(
  mr: Volume<'MR'>,
  body: Volume<'mask'>,
): { mr: Volume<'MR'>; body: Volume<'mask'>; map: (n: number) => number } {
  const g = mr.grid;
  const [nx, ny, nz] = g.size;
  const grid: Grid3 = createGrid({
    size: [ny, nx, nz],
    spacingMm: [g.spacingMm[1], g.spacingMm[0], g.spacingMm[2]],
    originLpsMm: [g.originLpsMm[0], g.originLpsMm[1], g.originLpsMm[2] + (nz - 1) * g.spacingMm[2]],
    axes: [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, -1],
    ],
    frameOfReferenceUid: g.frameOfReferenceUid,
  });
  // new voxel (a, b, c) is old voxel (i = b, j = a, k = nz − 1 − c)
  const map = (m: number): number => {
    const a = m % ny;
    const b = Math.floor(m / ny) % nx;
    const c = Math.floor(m / (nx * ny));
    return voxelIndex(g.size, b, a, nz - 1 - c);
  };
  const data = new Float32Array(mr.data.length);
  const mask = new Uint8Array(mr.data.length);
  for (let m = 0; m < data.length; m++) {
    data[m] = mr.data[map(m)]!;
    mask[m] = body.data[map(m)]!;
  }
  return { mr: { grid, quantity: 'MR', data }, body: { grid, quantity: 'mask', data: mask }, map };
}

describe('synthesizeCt with a hand-built affine ONNX graph (pre/post-processing, no training involved)', () => {
  const grid = alignedGrid([21, 18, 7]);
  const { mr, body } = bodyMr(grid);
  const expected = expectedAffineHu(mr, body);

  it('gives exactly the HU of the manifest recipe, on the MR grid, with its frame of reference', async () => {
    const result = await synthesizeCtDetailed(mr, makeModelDir('affine-25d'), {
      bodyMask: body,
      batchSize: 3,
    });
    expect(result.sct.grid).toBe(mr.grid);
    expect(result.sct.grid.frameOfReferenceUid).toBe('1.2.826.0.1.7');
    expect(result.sct.quantity).toBe('HU');
    // dynamic 21×18 in-plane padded to multiples of 8
    expect(result.tensorHeightWidth).toEqual([24, 24]);
    const { diff, at } = maxAbsDiff(result.sct.data, expected);
    expect(diff, `worst voxel ${at}: ${result.sct.data[at]} vs ${expected[at]}`).toBeLessThanOrEqual(
      SYNTHCT_AFFINE_HU_TOLERANCE,
    );
    // the fixture reaches the clip floor and the air fill: both paths are exercised
    expect(expected.some((v) => v === -1024)).toBe(true);
    expect(expected.some((v, n) => v === -1000 && body.data[n] === 0)).toBe(true);
  });

  it('a fixed-size (batch 2, 32×32) model gives the same HU: padding and fixed-batch remainders are handled', async () => {
    const dir = makeModelDir('affine-25d-fixed32', (m) => {
      const input = m['input'] as Record<string, unknown>;
      Object.assign(input, { batch: 2, height: 32, width: 32 });
    });
    const sct = await synthesizeCt(mr, dir, { bodyMask: body });
    expect(maxAbsDiff(sct.data, expected).diff).toBeLessThanOrEqual(SYNTHCT_AFFINE_HU_TOLERANCE);
  });

  it('is independent of how the MR is stored: i↔j swapped and k reversed gives the same HU at the same points', async () => {
    const r = reorient(mr, body);
    const sct = await synthesizeCt(r.mr, makeModelDir('affine-25d'), { bodyMask: r.body, threads: 2 });
    expect(sct.grid).toBe(r.mr.grid);
    let worst = 0;
    for (let m = 0; m < sct.data.length; m++)
      worst = Math.max(worst, Math.abs(sct.data[m]! - expected[r.map(m)]!));
    expect(worst).toBeLessThanOrEqual(SYNTHCT_AFFINE_HU_TOLERANCE);
  });

  it('computes the body mask itself when none is given (dark bone ring and gas core stay inside)', async () => {
    const sct = await synthesizeCt(mr, makeModelDir('affine-25d'));
    expect(maxAbsDiff(sct.data, expected).diff).toBeLessThanOrEqual(SYNTHCT_AFFINE_HU_TOLERANCE);
  });

  it('reports progress up to 1', async () => {
    const seen: number[] = [];
    await synthesizeCt(mr, makeModelDir('affine-25d'), {
      bodyMask: body,
      batchSize: 2,
      onProgress: (f) => seen.push(f),
    });
    expect(seen).toEqual([2 / 7, 4 / 7, 6 / 7, 1]);
  });
});

describe('synthesizeCt on a model grid coarser than the MR (resampling both ways)', () => {
  it('reproduces the affine map of an in-plane linear ramp exactly away from the far edges', async () => {
    // MR = ramp along i (trilinear interpolation reproduces a linear function exactly), same on every slice.
    const grid = createGrid({ size: [30, 20, 4], spacingMm: [1, 1, 2], originLpsMm: [5, -3, 7] });
    const data = new Float32Array(30 * 20 * 4);
    for (let n = 0; n < data.length; n++) data[n] = 100 + 10 * (n % 30);
    const mr: Volume<'MR'> = { grid, quantity: 'MR', data };
    const body: Volume<'mask'> = { grid, quantity: 'mask', data: new Uint8Array(data.length).fill(1) };
    const dir = makeModelDir('affine-25d', (m) => {
      Object.assign(m['modelGrid'] as object, { inPlaneSpacingMm: [1.7, 1.3] });
      m['mrNormalisation'] = { method: 'linear', scale: 0.001, offset: -0.2 };
    });
    const result = await synthesizeCtDetailed(mr, dir, { bodyMask: body });
    expect(result.modelGridSize).toEqual([19, 16, 4]); // ceil(29/1.7)+1, ceil(19/1.3)+1
    const wSum = AFFINE_W[0] + AFFINE_W[1] + AFFINE_W[2];
    let checked = 0;
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 20; j++)
        for (let i = 0; i < 30; i++) {
          // model voxels beyond the MR are padding (zero signal): skip MR voxels within one model voxel of them
          if (i * 1 > 17 * 1.7 || j * 1 > 14 * 1.3) continue;
          const v = 100 + 10 * i;
          const want = Math.max(-1024, (wSum * (v * 0.001 - 0.2) + AFFINE_B) * 1000 + 200);
          expect(Math.abs(result.sct.data[voxelIndex(grid.size, i, j, k)]! - want)).toBeLessThanOrEqual(
            SYNTHCT_AFFINE_HU_TOLERANCE,
          );
          checked++;
        }
    expect(checked).toBeGreaterThan(1500);
  });
});
