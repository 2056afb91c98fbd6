import { InputError } from '../../core/errors.js';
import { assertSameGrid } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import { BODY_THRESHOLD_HU, bodyMaskFromCt } from './body-mask.js';
import { meanSsim3d } from './ssim.js';

/** SynthRAD2023 HU range for PSNR and SSIM: images are clipped to it; its width is the data range. */
export const SYNTHRAD_HU_RANGE = Object.freeze([-1024, 3000] as const);

/**
 * Image similarity of a synthetic CT to its CT (SynthRAD2023 definitions, Huijben et al. 2024), in the mask:
 * - maeHu: mean |sCT − CT| (no clipping); meHu: mean (sCT − CT), > 0 when the sCT is too dense;
 * - psnrDb: 10·log10(4024² / MSE) with both images clipped to [−1024, 3000] HU;
 * - ssim: 3D SSIM (7-voxel uniform window, K1 0.01, K2 0.03, data range 4024) of the clipped images with
 *   outside-mask voxels set to −1024, averaged over mask voxels at least 3 voxels from every border.
 */
export interface ImageMetrics {
  readonly maeHu: number;
  readonly meHu: number;
  readonly psnrDb: number;
  readonly ssim: number;
  readonly maskVoxelCount: number;
  /** 'given' (a mask was passed) or 'ct-threshold' (body mask from the CT, threshold in HU). */
  readonly maskSource: 'given' | 'ct-threshold';
  readonly bodyThresholdHu?: number;
}

/**
 * Computes the image metrics of `sct` against `ct` (same grid). `mask` (non-zero = inside, same grid) defaults
 * to the CT body mask (bodyMaskFromCt).
 */
export function computeImageMetrics(
  ct: Volume<'HU'>,
  sct: Volume<'HU'>,
  mask?: Volume<'mask' | 'label'>,
): ImageMetrics {
  assertSameGrid(ct.grid, sct.grid, 'CT and sCT');
  if (mask) assertSameGrid(ct.grid, mask.grid, 'CT and mask');
  const inside = mask ? Uint8Array.from(mask.data, (v) => (v !== 0 ? 1 : 0)) : bodyMaskFromCt(ct);
  const [lo, hi] = SYNTHRAD_HU_RANGE;
  const n = ct.data.length;
  let count = 0;
  let absSum = 0;
  let sum = 0;
  let sqSum = 0;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const a = ct.data[v] as number;
    const b = sct.data[v] as number;
    if (inside[v] === 1) {
      if (!Number.isFinite(a) || !Number.isFinite(b))
        throw new InputError(`non-finite HU inside the mask at voxel ${v}`);
      count++;
      absSum += Math.abs(b - a);
      sum += b - a;
      const d = clamp(b, lo, hi) - clamp(a, lo, hi);
      sqSum += d * d;
      // SynthRAD's SSIM input: clipped, outside-mask at the range minimum, shifted to start at 0.
      x[v] = clamp(a, lo, hi) - lo;
      y[v] = clamp(b, lo, hi) - lo;
    }
  }
  if (count === 0) throw new InputError('the mask is empty: no voxel to compare the CT and sCT in');
  const range = hi - lo;
  const { ssim } = meanSsim3d(x, y, ct.grid.size, range, inside);
  return {
    maeHu: absSum / count,
    meHu: sum / count,
    psnrDb: 10 * Math.log10((range * range) / (sqSum / count)),
    ssim,
    maskVoxelCount: count,
    maskSource: mask ? 'given' : 'ct-threshold',
    ...(mask ? {} : { bodyThresholdHu: BODY_THRESHOLD_HU }),
  };
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);
