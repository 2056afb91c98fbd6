import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyMaskFromCt } from '../../../src/compare/image/body-mask.js';
import { computeImageMetrics } from '../../../src/compare/image/image-metrics.js';
import { InputError } from '../../../src/core/errors.js';
import { createVolume } from '../../../src/core/volume.js';
import { imageFixture } from '../../fixtures/compare/image-metrics/image-fixture.js';
import { IMAGE_METRICS_VS_SKIMAGE_REL } from '../../helpers/tolerances.js';

interface Expected {
  bodyMaskVoxelCount: number;
  bodyMaskIndices: number[];
  withBodyMask: Record<'maeHu' | 'meHu' | 'psnrDb' | 'ssim' | 'maskVoxelCount', number>;
  withBoxMask: Record<'maeHu' | 'meHu' | 'psnrDb' | 'ssim' | 'maskVoxelCount', number>;
}
/** Written by make-expected.py (Debian python3-skimage / scipy), never by the tests. */
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/compare/image-metrics/expected.json', import.meta.url), 'utf8'),
) as Expected;

const close = (actual: number, want: number): void =>
  expect(Math.abs(actual - want)).toBeLessThanOrEqual(
    IMAGE_METRICS_VS_SKIMAGE_REL * Math.max(1, Math.abs(want)),
  );

describe('image metrics vs SynthRAD2023 definitions (skimage reference)', () => {
  const { ct, sct, box } = imageFixture();

  it('body mask = threshold, largest 6-connected component, per-slice hole filling (scipy.ndimage)', () => {
    const mask = bodyMaskFromCt(ct);
    const indices: number[] = [];
    mask.forEach((v, n) => {
      if (v === 1) indices.push(n);
    });
    expect(indices.length).toBe(expected.bodyMaskVoxelCount);
    expect(indices).toEqual(expected.bodyMaskIndices);
  });

  it.each([
    ['the CT body mask', undefined, expected.withBodyMask],
    ['a given mask', box, expected.withBoxMask],
  ] as const)('MAE, ME, PSNR and SSIM with %s', (_label, mask, want) => {
    const m = computeImageMetrics(ct, sct, mask);
    expect(m.maskVoxelCount).toBe(want.maskVoxelCount);
    close(m.maeHu, want.maeHu);
    close(m.meHu, want.meHu);
    close(m.psnrDb, want.psnrDb);
    close(m.ssim, want.ssim);
    expect(m.maskSource).toBe(mask ? 'given' : 'ct-threshold');
  });

  it('identical images: MAE 0, PSNR +∞, SSIM 1', () => {
    const m = computeImageMetrics(ct, ct);
    expect(m.maeHu).toBe(0);
    expect(m.psnrDb).toBe(Infinity);
    expect(m.ssim).toBeCloseTo(1, 12);
  });

  it('refuses an empty mask', () => {
    expect(() =>
      computeImageMetrics(ct, sct, createVolume(ct.grid, 'mask', new Uint8Array(ct.data.length))),
    ).toThrow(InputError);
  });
});
