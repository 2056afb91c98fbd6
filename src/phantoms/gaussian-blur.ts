import type { Size3 } from '../core/grid.js';
import type { Vec3 } from '../core/vec3.js';

/** Inclusive voxel index box. */
export interface IndexBox {
  readonly lo: Vec3;
  readonly hi: Vec3;
}

/**
 * 3-D separable Gaussian blur (SD `sigmaMm`, truncated at 3 SD, weights renormalised where the kernel leaves the
 * grid) of `data`, evaluated on `box` only. Returns a copy of `data` whose voxels in `box` hold the blurred values
 * (float64 accumulation). Memory order i fastest.
 */
export function gaussianBlurInBox(
  data: Float32Array,
  size: Size3,
  spacingMm: Vec3,
  sigmaMm: number,
  box: IndexBox,
): Float32Array {
  const radius = spacingMm.map((s) => Math.max(1, Math.ceil((3 * sigmaMm) / s)));
  // Work region: the box grown by the kernel radius (what the blurred box voxels depend on).
  const lo = box.lo.map((v, d) => Math.max(0, v - (radius[d] as number)));
  const hi = box.hi.map((v, d) => Math.min((size[d] as number) - 1, v + (radius[d] as number)));
  const [nx, ny] = size;
  const w = [0, 1, 2].map((d) => (hi[d] as number) - (lo[d] as number) + 1) as [number, number, number];
  let cur: Float64Array = new Float64Array(w[0] * w[1] * w[2]);
  for (let k = 0; k < w[2]; k++)
    for (let j = 0; j < w[1]; j++)
      for (let i = 0; i < w[0]; i++)
        cur[i + w[0] * (j + w[1] * k)] = data[
          i + (lo[0] as number) + nx * (j + (lo[1] as number) + ny * (k + (lo[2] as number)))
        ] as number;
  const strides = [1, w[0], w[0] * w[1]];
  for (let d = 0; d < 3; d++) {
    const r = radius[d] as number;
    const kernel = new Float64Array(2 * r + 1);
    for (let t = -r; t <= r; t++) {
      const x = (t * (spacingMm[d] as number)) / sigmaMm;
      kernel[t + r] = Math.exp(-0.5 * x * x);
    }
    cur = convolveAxis(cur, w, d, strides[d] as number, kernel, r);
  }
  const out = Float32Array.from(data);
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0]; i <= box.hi[0]; i++)
        out[i + nx * (j + ny * k)] = cur[
          i - (lo[0] as number) + w[0] * (j - (lo[1] as number) + w[1] * (k - (lo[2] as number)))
        ] as number;
  return out;
}

/** Convolves every line along axis d (stride `stride`, length w[d]) with `kernel`, renormalising at the ends. */
function convolveAxis(
  src: Float64Array,
  w: [number, number, number],
  d: number,
  stride: number,
  kernel: Float64Array,
  r: number,
): Float64Array {
  const out = new Float64Array(src.length);
  const n = w[d] as number;
  const line = new Float64Array(n);
  const lineCount = src.length / n;
  // Line starts: all indices whose coordinate along d is 0.
  for (let l = 0; l < lineCount; l++) {
    const start = (l % stride) + Math.floor(l / stride) * stride * n;
    for (let p = 0; p < n; p++) line[p] = src[start + p * stride] as number;
    for (let p = 0; p < n; p++) {
      const t0 = Math.max(-r, -p);
      const t1 = Math.min(r, n - 1 - p);
      let acc = 0;
      let norm = 0;
      for (let t = t0; t <= t1; t++) {
        const kw = kernel[t + r] as number;
        acc += kw * (line[p + t] as number);
        norm += kw;
      }
      out[start + p * stride] = acc / norm;
    }
  }
  return out;
}
