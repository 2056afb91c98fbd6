import type { Grid3 } from '../../../src/core/grid.js';
import { indexToLps } from '../../../src/core/transforms.js';
import { createVolume, type Volume } from '../../../src/core/volume.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { dot3 } from '../../../src/core/vec3.js';

/**
 * A linear ramp D_r(p) = a + G·(u·p) along unit LPS vector u, and its evaluated copy shifted by s mm along u
 * and scaled by k: D_e(p) = k·(a + G·(u·p − s)). At every point the dose mismatch δ = D_e − D_r and the
 * evaluated gradient k·G·u are known, so γ has closed forms.
 */
export interface Ramp {
  readonly a: number;
  readonly gradientGyPerMm: number;
  readonly u: Vec3;
  readonly shiftMm: number;
  readonly scale: number;
}

export const rampDose = (r: Ramp, p: Vec3): number => r.a + r.gradientGyPerMm * dot3(r.u, p);
export const rampEvalDose = (r: Ramp, p: Vec3): number =>
  r.scale * (r.a + r.gradientGyPerMm * (dot3(r.u, p) - r.shiftMm));

export function rampVolumes(
  r: Ramp,
  refGrid: Grid3,
  evalGrid: Grid3,
): { ref: Volume<'Gy'>; ev: Volume<'Gy'> } {
  const fill = (grid: Grid3, f: (p: Vec3) => number): Volume<'Gy'> => {
    const [nx, ny, nz] = grid.size;
    const data = new Float32Array(nx * ny * nz);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = f(indexToLps(grid, [i, j, k]));
    return createVolume(grid, 'Gy', data);
  };
  return { ref: fill(refGrid, (p) => rampDose(r, p)), ev: fill(evalGrid, (p) => rampEvalDose(r, p)) };
}

/** Continuous closed form: γ(p) = |δ(p)| / sqrt(ΔD² + (k·G·DTA)²). */
export function continuousGamma(r: Ramp, p: Vec3, deltaDoseGy: number, dtaMm: number): number {
  const delta = rampEvalDose(r, p) - rampDose(r, p);
  const slope = r.scale * r.gradientGyPerMm * dtaMm;
  return Math.abs(delta) / Math.sqrt(deltaDoseGy * deltaDoseGy + slope * slope);
}

/**
 * Exact minimum over the search lattice when u is the reference grid's axis `axis`: only offsets along u can
 * win (a perpendicular component adds distance and no dose change), so γ² = min over integers m with
 * |m| ≤ radius/h and p + m·h·u inside the evaluated grid of (m·h/DTA)² + ((δ + k·G·m·h)/ΔD)², capped at maxGamma.
 */
export function latticeGamma(
  r: Ramp,
  p: Vec3,
  opts: { deltaDoseGy: number; dtaMm: number; stepMm: number; maxGamma: number },
  insideEval: (q: Vec3) => boolean,
): number {
  const delta = rampEvalDose(r, p) - rampDose(r, p);
  const mMax = Math.floor((opts.maxGamma * opts.dtaMm) / opts.stepMm + 1e-9);
  let best = opts.maxGamma * opts.maxGamma;
  for (let m = -mMax; m <= mMax; m++) {
    const t = m * opts.stepMm;
    const q: Vec3 = [p[0] + t * r.u[0], p[1] + t * r.u[1], p[2] + t * r.u[2]];
    if (!insideEval(q)) continue;
    const dd = (delta + r.scale * r.gradientGyPerMm * t) / opts.deltaDoseGy;
    const g = (t / opts.dtaMm) ** 2 + dd * dd;
    if (g < best) best = g;
  }
  return Math.sqrt(best);
}
