import { lpsToIndex } from '../core/transforms.js';
import type { Vec3 } from '../core/vec3.js';
import type { Volume } from '../core/volume.js';

/**
 * Trilinear interpolation (Gy) of a dose volume at an LPS point; undefined outside the grid's voxel-centre box.
 */
export function doseAtLps(dose: Volume<'Gy'>, pointLps: Vec3): number | undefined {
  const [fi, fj, fk] = lpsToIndex(dose.grid, pointLps);
  const [nx, ny, nz] = dose.grid.size;
  const outside = (f: number, n: number): boolean => f < -1e-6 || f > n - 1 + 1e-6;
  if (outside(fi, nx) || outside(fj, ny) || outside(fk, nz)) return undefined;
  const i0 = Math.min(Math.max(Math.floor(fi), 0), Math.max(nx - 2, 0));
  const j0 = Math.min(Math.max(Math.floor(fj), 0), Math.max(ny - 2, 0));
  const k0 = Math.min(Math.max(Math.floor(fk), 0), Math.max(nz - 2, 0));
  const weights = (f: number, f0: number, n: number): [number, number] =>
    n === 1 ? [1, 0] : [1 - (f - f0), f - f0];
  const wi = weights(fi, i0, nx);
  const wj = weights(fj, j0, ny);
  const wk = weights(fk, k0, nz);
  let sum = 0;
  for (let c = 0; c < 8; c++) {
    const [di, dj, dk] = [c & 1, (c >> 1) & 1, (c >> 2) & 1];
    const w = (wi[di] as number) * (wj[dj] as number) * (wk[dk] as number);
    if (w !== 0) sum += w * (dose.data[i0 + di + nx * (j0 + dj + ny * (k0 + dk))] as number);
  }
  return sum;
}
