import type { Size3 } from '../../core/grid.js';

/** SSIM constants (Wang et al. 2004; skimage defaults used by SynthRAD2023). */
export const SSIM_WINDOW = 7;
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

/**
 * Mean 3D SSIM of x and y (i fastest, `size`) with a 7×7×7 uniform window and sample covariance
 * (N/(N−1), N = 343), exactly as skimage.metrics.structural_similarity with its defaults, averaged over the
 * voxels at least 3 voxels from every border (skimage's crop) where `include` is 1 (all when undefined).
 *
 * Streams over k with a ring of 7 in-plane box-filtered slices per moment, so memory is 35 slices, not 5 volumes.
 * @returns the mean SSIM and how many voxels it averages (NaN, 0 when none).
 */
export function meanSsim3d(
  x: Float64Array,
  y: Float64Array,
  size: Size3,
  dataRange: number,
  include?: Uint8Array,
): { ssim: number; count: number } {
  const [nx, ny, nz] = size;
  const w = SSIM_WINDOW;
  const r = (w - 1) / 2;
  if (nx < w || ny < w || nz < w) return { ssim: NaN, count: 0 };
  const plane = nx * ny;
  const moments = 5;
  const ring = Array.from({ length: w * moments }, () => new Float64Array(plane));
  const np = w * w * w;
  const covNorm = np / (np - 1);
  const c1 = (SSIM_K1 * dataRange) ** 2;
  const c2 = (SSIM_K2 * dataRange) ** 2;
  let sum = 0;
  let count = 0;
  for (let z = 0; z < nz; z++) {
    const slot = z % w;
    boxFilterSlice(x, y, z * plane, nx, ny, r, ring, slot * moments);
    if (z < w - 1) continue;
    const kc = z - r;
    for (let j = r; j < ny - r; j++)
      for (let i = r; i < nx - r; i++) {
        const p = i + nx * j;
        if (include && include[p + kc * plane] !== 1) continue;
        let sx = 0;
        let sy = 0;
        let sxx = 0;
        let syy = 0;
        let sxy = 0;
        for (let s = 0; s < w; s++) {
          const b = s * moments;
          sx += (ring[b] as Float64Array)[p] as number;
          sy += (ring[b + 1] as Float64Array)[p] as number;
          sxx += (ring[b + 2] as Float64Array)[p] as number;
          syy += (ring[b + 3] as Float64Array)[p] as number;
          sxy += (ring[b + 4] as Float64Array)[p] as number;
        }
        const ux = sx / np;
        const uy = sy / np;
        const vx = covNorm * (sxx / np - ux * ux);
        const vy = covNorm * (syy / np - uy * uy);
        const vxy = covNorm * (sxy / np - ux * uy);
        sum += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        count++;
      }
  }
  return { ssim: count > 0 ? sum / count : NaN, count };
}

/** 2D (w×w) box sums of x, y, x², y², xy for the interior of one slice into ring[at … at+4]. */
function boxFilterSlice(
  x: Float64Array,
  y: Float64Array,
  base: number,
  nx: number,
  ny: number,
  r: number,
  ring: Float64Array[],
  at: number,
): void {
  const rows = Array.from({ length: 5 }, () => new Float64Array(nx * ny));
  // Along i: running sums over [i − r, i + r] for interior i.
  for (let j = 0; j < ny; j++) {
    const acc = [0, 0, 0, 0, 0];
    for (let i = 0; i < nx; i++) {
      addMoments(acc, x[base + i + nx * j] as number, y[base + i + nx * j] as number, 1);
      if (i >= 2 * r + 1)
        addMoments(
          acc,
          x[base + i - 2 * r - 1 + nx * j] as number,
          y[base + i - 2 * r - 1 + nx * j] as number,
          -1,
        );
      if (i >= 2 * r)
        for (let m = 0; m < 5; m++) (rows[m] as Float64Array)[i - r + nx * j] = acc[m] as number;
    }
  }
  // Along j.
  for (let m = 0; m < 5; m++) {
    const src = rows[m] as Float64Array;
    const dst = ring[at + m] as Float64Array;
    for (let i = r; i < nx - r; i++) {
      let acc = 0;
      for (let j = 0; j < ny; j++) {
        acc += src[i + nx * j] as number;
        if (j >= 2 * r + 1) acc -= src[i + nx * (j - 2 * r - 1)] as number;
        if (j >= 2 * r) dst[i + nx * (j - r)] = acc;
      }
    }
  }
}

function addMoments(acc: number[], a: number, b: number, sign: number): void {
  acc[0] = (acc[0] as number) + sign * a;
  acc[1] = (acc[1] as number) + sign * b;
  acc[2] = (acc[2] as number) + sign * a * a;
  acc[3] = (acc[3] as number) + sign * b * b;
  acc[4] = (acc[4] as number) + sign * a * b;
}
