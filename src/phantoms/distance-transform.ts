import type { Size3 } from '../core/grid.js';
import type { Vec3 } from '../core/vec3.js';

/**
 * Exact Euclidean distance transform on an anisotropic voxel grid (Felzenszwalb & Huttenlocher 2012,
 * "Distance transforms of sampled functions", Theory of Computing 8:415): separable lower envelopes of parabolas,
 * O(N) per axis. Distances are between voxel centres, in mm.
 */

const FAR = 1e20;

/**
 * Squared distance (mm²) from every voxel to the nearest voxel where `mask` is non-zero (0 on those voxels;
 * 1e20 when the mask is empty). Memory order i fastest. `inPlaneOnly` restricts the transform to each k-plane.
 */
export function squaredDistanceToMaskMm2(
  mask: Uint8Array,
  size: Size3,
  spacingMm: Vec3,
  inPlaneOnly = false,
): Float32Array {
  const [nx, ny, nz] = size;
  const out = new Float32Array(mask.length);
  for (let n = 0; n < mask.length; n++) out[n] = mask[n] !== 0 ? 0 : FAR;
  const nMax = Math.max(nx, ny, nz);
  const work = {
    f: new Float64Array(nMax),
    d: new Float64Array(nMax),
    v: new Int32Array(nMax),
    z: new Float64Array(nMax + 1),
  };
  // Along i.
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) transformLine(out, nx * (j + ny * k), 1, nx, spacingMm[0], work);
  // Along j.
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < nx; i++) transformLine(out, i + nx * ny * k, nx, ny, spacingMm[1], work);
  if (!inPlaneOnly) {
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) transformLine(out, i + nx * j, nx * ny, nz, spacingMm[2], work);
  }
  return out;
}

interface Work {
  f: Float64Array;
  d: Float64Array;
  v: Int32Array;
  z: Float64Array;
}

/** One 1-D pass over `n` samples starting at `start` with stride `stride`, sample pitch `h` mm. */
function transformLine(
  data: Float32Array,
  start: number,
  stride: number,
  n: number,
  h: number,
  w: Work,
): void {
  const { f, d, v, z } = w;
  let any = false;
  for (let q = 0; q < n; q++) {
    const value = data[start + q * stride] as number;
    f[q] = value;
    if (value < FAR) any = true;
  }
  if (!any) return;
  let k = 0;
  // Skip leading infinite samples: the envelope starts at the first finite parabola.
  let q0 = 0;
  while ((f[q0] as number) >= FAR) q0++;
  v[0] = q0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = q0 + 1; q < n; q++) {
    const fq = f[q] as number;
    if (fq >= FAR) continue;
    const xq = q * h;
    let s = 0;
    for (;;) {
      const vk = v[k] as number;
      const xv = vk * h;
      s = (fq + xq * xq - ((f[vk] as number) + xv * xv)) / (2 * (xq - xv));
      // z[0] = −∞ stops this at k = 0.
      if (s <= (z[k] as number)) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    const x = q * h;
    while ((z[k + 1] as number) < x) k++;
    const vk = v[k] as number;
    const dx = x - vk * h;
    d[q] = dx * dx + (f[vk] as number);
  }
  for (let q = 0; q < n; q++) data[start + q * stride] = d[q] as number;
}
