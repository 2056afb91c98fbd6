import type { Volume } from '../core/volume.js';
import { lpsToIndex } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';

/**
 * Siddon 1985 (Med Phys 12:252) exact radiological path, float64: ∫ RED dl along the segment from `fromLps` to
 * `toLps` (mm water-equivalent), with RED constant inside each voxel and 0 outside the grid.
 *
 * Works in continuous voxel coordinates (voxel n spans [n − ½, n + ½] on each axis): the segment's parameter
 * α ∈ [0, 1] is the same in IJK and LPS because the map is affine, so every plane crossing α is found in IJK and
 * each interval between consecutive crossings lies in one voxel of length Δα · |to − from| mm. Oblique and
 * anisotropic grids need nothing special.
 */
export function radiologicalPathMm(red: Volume<'RED'>, fromLps: Vec3, toLps: Vec3): number {
  const a = lpsToIndex(red.grid, fromLps);
  const b = lpsToIndex(red.grid, toLps);
  const lengthMm = Math.hypot(toLps[0] - fromLps[0], toLps[1] - fromLps[1], toLps[2] - fromLps[2]);
  if (lengthMm === 0) return 0;
  const [nx, ny, nz] = red.grid.size;
  const alphas: number[] = [0, 1];
  const size = [nx, ny, nz];
  for (let d = 0; d < 3; d++) {
    const p0 = (a[d] as number) + 0.5;
    const p1 = (b[d] as number) + 0.5;
    const delta = p1 - p0;
    if (delta === 0) continue;
    const lo = Math.max(0, Math.ceil(Math.min(p0, p1)));
    const hi = Math.min(size[d] as number, Math.floor(Math.max(p0, p1)));
    for (let plane = lo; plane <= hi; plane++) {
      const alpha = (plane - p0) / delta;
      if (alpha > 0 && alpha < 1) alphas.push(alpha);
    }
  }
  alphas.sort((x, y) => x - y);
  let sum = 0;
  for (let n = 1; n < alphas.length; n++) {
    const a0 = alphas[n - 1] as number;
    const a1 = alphas[n] as number;
    if (a1 <= a0) continue;
    const mid = 0.5 * (a0 + a1);
    const i = Math.floor((a[0] as number) + 0.5 + mid * ((b[0] as number) - (a[0] as number)));
    const j = Math.floor((a[1] as number) + 0.5 + mid * ((b[1] as number) - (a[1] as number)));
    const k = Math.floor((a[2] as number) + 0.5 + mid * ((b[2] as number) - (a[2] as number)));
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
    sum += (red.data[i + nx * (j + ny * k)] as number) * (a1 - a0);
  }
  return sum * lengthMm;
}
