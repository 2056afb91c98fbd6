/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/** Layout of the `params` argument (flat Float32Array), shared with the orchestrator (gamma-gpu.ts). */
export const GAMMA_PARAMS = Object.freeze({
  /** Evaluated grid size. */
  ex: 0,
  ey: 1,
  ez: 2,
  /** Row-major 3×3 map refIjk → evalIjk (9 values), then the shift (3 values): evalIjk = L·refIjk + t. */
  linear: 3,
  shift: 12,
  /** Reference voxels below this dose (Gy) are not evaluated. */
  cutoffGy: 15,
  /** 1 for local gamma, 0 for global. */
  local: 16,
  /** Global ΔD, Gy. */
  globalDdGy: 17,
  /** doseDiffPercent / 100 (local ΔD = relDd · D_r). */
  relDd: 18,
  maxGammaSq: 19,
  offsetCount: 20,
  length: 21,
});

/**
 * Gamma (Low et al. 1998) by brute-force shell search with early exit, one thread per reference voxel
 * (thread.x/y/z = i/j/k). Twin of src/compare/gamma/gamma-reference.ts.
 *
 * Args: refDose (volume input [k][j][i]), evalDose (volume input on the evaluated grid), offsets (flat, 4 per
 * offset: evaluated-index delta di, dj, dk and |o|²/DTA², sorted by the last), params (flat, GAMMA_PARAMS).
 * loopMaxIterations: the offset count. Offsets are visited in order; the loop ends when |o|²/DTA² ≥ best γ².
 * Evaluated dose is interpolated trilinearly; samples outside the hull of voxel centres are skipped (a size-1 axis
 * is a slab of ±0.5 voxel). Float32 arithmetic, one γ² term per offset (no accumulation).
 *
 * Output: γ capped at maxGamma, or −1 for unevaluated voxels (below the cutoff, non-finite or, for local gamma,
 * non-positive reference dose); the orchestrator turns −1 into NaN.
 */
// eslint-disable-next-line complexity -- one gpu.js kernel body: the bounds and trilinear steps must stay inline
function gammaShellSearch(
  this: KernelThis,
  refDose: number[][][],
  evalDose: number[][][],
  offsets: number[],
  params: number[],
): number {
  const i = this.thread.x;
  const j = this.thread.y;
  const k = this.thread.z;
  const ex = params[0]!;
  const ey = params[1]!;
  const ez = params[2]!;
  const dr = refDose[k]![j]![i]!;
  let valid = 1;
  if (dr < params[15]!) valid = 0;
  if (dr - dr !== 0) valid = 0; // NaN or ±Inf
  if (params[16]! > 0.5 && dr <= 0) valid = 0;
  if (valid === 0) return -1;
  let dd = params[17]!;
  if (params[16]! > 0.5) dd = params[18]! * dr;
  const invDdSq = 1 / (dd * dd);
  const px = params[3]! * i + params[4]! * j + params[5]! * k + params[12]!;
  const py = params[6]! * i + params[7]! * j + params[8]! * k + params[13]!;
  const pz = params[9]! * i + params[10]! * j + params[11]! * k + params[14]!;
  let best = params[19]!;
  const count = params[20]!;
  for (let m = 0; m < count; m++) {
    const distSq = offsets[4 * m + 3]!;
    if (distSq >= best) break;
    const x = px + offsets[4 * m]!;
    const y = py + offsets[4 * m + 1]!;
    const z = pz + offsets[4 * m + 2]!;
    let inside = 1;
    if (ex > 1.5) {
      if (x < -1e-4 || x > ex - 1 + 1e-4) inside = 0;
    } else if (Math.abs(x) > 0.5001) inside = 0;
    if (ey > 1.5) {
      if (y < -1e-4 || y > ey - 1 + 1e-4) inside = 0;
    } else if (Math.abs(y) > 0.5001) inside = 0;
    if (ez > 1.5) {
      if (z < -1e-4 || z > ez - 1 + 1e-4) inside = 0;
    } else if (Math.abs(z) > 0.5001) inside = 0;
    if (inside === 1) {
      const i0 = Math.min(Math.max(Math.floor(x), 0), Math.max(ex - 2, 0));
      const j0 = Math.min(Math.max(Math.floor(y), 0), Math.max(ey - 2, 0));
      const k0 = Math.min(Math.max(Math.floor(z), 0), Math.max(ez - 2, 0));
      const i1 = Math.min(i0 + 1, ex - 1);
      const j1 = Math.min(j0 + 1, ey - 1);
      const k1 = Math.min(k0 + 1, ez - 1);
      const fx = Math.min(Math.max(x - i0, 0), 1) * Math.min(ex - 1, 1);
      const fy = Math.min(Math.max(y - j0, 0), 1) * Math.min(ey - 1, 1);
      const fz = Math.min(Math.max(z - k0, 0), 1) * Math.min(ez - 1, 1);
      const c00 = evalDose[k0]![j0]![i0]! + fx * (evalDose[k0]![j0]![i1]! - evalDose[k0]![j0]![i0]!);
      const c10 = evalDose[k0]![j1]![i0]! + fx * (evalDose[k0]![j1]![i1]! - evalDose[k0]![j1]![i0]!);
      const c01 = evalDose[k1]![j0]![i0]! + fx * (evalDose[k1]![j0]![i1]! - evalDose[k1]![j0]![i0]!);
      const c11 = evalDose[k1]![j1]![i0]! + fx * (evalDose[k1]![j1]![i1]! - evalDose[k1]![j1]![i0]!);
      const c0 = c00 + fy * (c10 - c00);
      const c1 = c01 + fy * (c11 - c01);
      const diff = c0 + fz * (c1 - c0) - dr;
      const g = distSq + diff * diff * invDdSq;
      if (g < best) best = g;
    }
  }
  return Math.sqrt(best);
}

export const gammaShellSearchKernel: KernelSpec = {
  name: 'gamma-shell-search',
  fn: gammaShellSearch,
  helpers: [],
};
