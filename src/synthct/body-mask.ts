import { InputError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import type { BodyMaskRecipe } from './manifest-schema.js';
import { percentileOf } from '../core/percentile.js';

/**
 * Automatic body mask from an MR, the recipe the shipped model was trained with (models/train/dataset.py
 * implements the same steps with scipy.ndimage):
 * 1. body = MR > thresholdFraction · P(robustMaxPercentile) over all voxels;
 * 2. keep the largest 6-connected component (drops background noise specks);
 * 3. fill holes slice by slice across `sliceAxis` (4-connected), because cortical bone and gas are dark on MR
 *    but are inside the body.
 * Throws InputError when the MR has no body signal (no positive robust maximum, or fewer than minVoxels).
 * Output: 1 inside, 0 outside, on the MR's grid (memory order i fastest).
 */
export function computeBodyMask(
  mr: Volume<'MR'>,
  recipe: BodyMaskRecipe,
  sliceAxis: 0 | 1 | 2,
): Volume<'mask', Uint8Array> {
  const robustMax = percentileOf(Float32Array.from(mr.data), recipe.robustMaxPercentile);
  if (!(robustMax > 0))
    throw new InputError(
      `MR has no body signal: its ${recipe.robustMaxPercentile}th percentile intensity is ${robustMax} (need > 0)`,
      { robustMax },
    );
  const threshold = recipe.thresholdFraction * robustMax;
  const mask = new Uint8Array(mr.data.length);
  for (let n = 0; n < mask.length; n++) mask[n] = (mr.data[n] as number) > threshold ? 1 : 0;
  const kept = keepLargestComponent(mask, mr.grid.size);
  fillHolesPerSlice(mask, mr.grid.size, sliceAxis);
  const count = mask.reduce((s, v) => s + v, 0);
  if (kept === 0 || count < recipe.minVoxels)
    throw new InputError(
      `MR has no body signal: the body mask has ${count} voxels (need ≥ ${recipe.minVoxels}) at threshold ${threshold.toPrecision(4)}`,
      { count, threshold },
    );
  return { grid: mr.grid, quantity: 'mask', data: mask };
}

/** Labels 6-connected components of `mask` (in place: keeps only the largest). Returns its size. */
function keepLargestComponent(mask: Uint8Array, size: Grid3['size']): number {
  const [nx, ny, nz] = size;
  const plane = nx * ny;
  const label = new Int32Array(mask.length);
  const queue = new Int32Array(mask.length);
  let best = 0;
  let bestLabel = 0;
  let next = 0;
  /** Labels body voxel m (if unlabelled) and queues it; returns the new queue tail. */
  const claim = (m: number, t: number): number => {
    if (mask[m] !== 1 || label[m] !== 0) return t;
    label[m] = next;
    queue[t] = m;
    return t + 1;
  };
  for (let seed = 0; seed < mask.length; seed++) {
    if (mask[seed] === 0 || label[seed] !== 0) continue;
    next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    label[seed] = next;
    while (head < tail) {
      const n = queue[head++] as number;
      const i = n % nx;
      const j = ((n - i) / nx) % ny;
      const k = (n - i - nx * j) / plane;
      if (i > 0) tail = claim(n - 1, tail);
      if (i < nx - 1) tail = claim(n + 1, tail);
      if (j > 0) tail = claim(n - nx, tail);
      if (j < ny - 1) tail = claim(n + nx, tail);
      if (k > 0) tail = claim(n - plane, tail);
      if (k < nz - 1) tail = claim(n + plane, tail);
    }
    if (tail > best) {
      best = tail;
      bestLabel = next;
    }
  }
  for (let n = 0; n < mask.length; n++) mask[n] = label[n] === bestLabel && best > 0 ? 1 : 0;
  return best;
}

/** Fills 4-connected background regions of each slice (normal to `axis`) that do not touch the slice border. */
function fillHolesPerSlice(mask: Uint8Array, size: Grid3['size'], axis: 0 | 1 | 2): void {
  const stride = [1, size[0], size[0] * size[1]] as const;
  const [ua, va] = ([0, 1, 2] as const).filter((d) => d !== axis) as [0 | 1 | 2, 0 | 1 | 2];
  const nu = size[ua];
  const nv = size[va];
  const su = stride[ua];
  const sv = stride[va];
  const outside = new Uint8Array(nu * nv);
  const queue = new Int32Array(nu * nv);
  for (let s = 0; s < size[axis]; s++) {
    const base = s * stride[axis];
    outside.fill(0);
    let head = 0;
    let tail = 0;
    const push = (u: number, v: number): void => {
      const p = u + nu * v;
      if (outside[p] === 0 && mask[base + u * su + v * sv] === 0) {
        outside[p] = 1;
        queue[tail++] = p;
      }
    };
    for (let u = 0; u < nu; u++) {
      push(u, 0);
      push(u, nv - 1);
    }
    for (let v = 0; v < nv; v++) {
      push(0, v);
      push(nu - 1, v);
    }
    while (head < tail) {
      const p = queue[head++] as number;
      const u = p % nu;
      const v = (p - u) / nu;
      if (u > 0) push(u - 1, v);
      if (u < nu - 1) push(u + 1, v);
      if (v > 0) push(u, v - 1);
      if (v < nv - 1) push(u, v + 1);
    }
    for (let v = 0; v < nv; v++)
      for (let u = 0; u < nu; u++) if (outside[u + nu * v] === 0) mask[base + u * su + v * sv] = 1;
  }
}
