import type { Size3 } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';

/** Default body threshold, HU: midway between air (−1000) and fat (≈ −100), far from noise on either side. */
export const BODY_THRESHOLD_HU = -500;

/**
 * Body mask from a CT (1 = body), i fastest like the CT: voxels above `thresholdHu`, then the largest
 * 6-connected component (drops the couch, markers, noise), then holes filled slice by slice in the k planes
 * (background not 4-connected to the slice border: bowel gas, airways, in-plane cavities).
 */
export function bodyMaskFromCt(ct: Volume<'HU'>, thresholdHu = BODY_THRESHOLD_HU): Uint8Array {
  const n = ct.data.length;
  const above = new Uint8Array(n);
  for (let v = 0; v < n; v++) above[v] = (ct.data[v] as number) > thresholdHu ? 1 : 0;
  const mask = largestComponent(above, ct.grid.size);
  fillHolesPerSlice(mask, ct.grid.size);
  return mask;
}

/** Largest 6-connected component of a binary volume (ties: the first found in memory order). */
export function largestComponent(binary: Uint8Array, size: Size3): Uint8Array {
  const [nx, ny, nz] = size;
  const labels = new Int32Array(binary.length);
  const queue = new Int32Array(binary.length);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let seed = 0; seed < binary.length; seed++) {
    if (binary[seed] !== 1 || labels[seed] !== 0) continue;
    next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    labels[seed] = next;
    while (head < tail) {
      const v = queue[head++] as number;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      const visit = (w: number): void => {
        if (binary[w] === 1 && labels[w] === 0) {
          labels[w] = next;
          queue[tail++] = w;
        }
      };
      if (i > 0) visit(v - 1);
      if (i < nx - 1) visit(v + 1);
      if (j > 0) visit(v - nx);
      if (j < ny - 1) visit(v + nx);
      if (k > 0) visit(v - nx * ny);
      if (k < nz - 1) visit(v + nx * ny);
    }
    if (tail > bestSize) {
      bestSize = tail;
      best = next;
    }
  }
  const out = new Uint8Array(binary.length);
  if (best > 0) for (let v = 0; v < binary.length; v++) out[v] = labels[v] === best ? 1 : 0;
  return out;
}

/** Sets to 1 every background voxel of each k slice that is not 4-connected to that slice's border. */
export function fillHolesPerSlice(mask: Uint8Array, size: Size3): void {
  const [nx, ny, nz] = size;
  const plane = nx * ny;
  const outside = new Uint8Array(plane);
  const queue = new Int32Array(plane);
  for (let k = 0; k < nz; k++) {
    const base = k * plane;
    outside.fill(0);
    let tail = 0;
    const seed = (p: number): void => {
      if (mask[base + p] === 0 && outside[p] === 0) {
        outside[p] = 1;
        queue[tail++] = p;
      }
    };
    for (let i = 0; i < nx; i++) {
      seed(i);
      seed(i + nx * (ny - 1));
    }
    for (let j = 0; j < ny; j++) {
      seed(nx * j);
      seed(nx - 1 + nx * j);
    }
    for (let head = 0; head < tail; head++) {
      const p = queue[head] as number;
      const i = p % nx;
      const j = Math.floor(p / nx);
      if (i > 0) seed(p - 1);
      if (i < nx - 1) seed(p + 1);
      if (j > 0) seed(p - nx);
      if (j < ny - 1) seed(p + nx);
    }
    for (let p = 0; p < plane; p++) if (outside[p] === 0) mask[base + p] = 1;
  }
}
