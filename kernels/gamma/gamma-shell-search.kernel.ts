/**
 * gpu.js kernel: brute-force shell search for gamma (Low et al. 1998) with early exit, one thread per
 * reference voxel (thread.x/y/z = i/j/k). Twin of src/compare/gamma/gamma-reference.ts.
 *
 * Inputs: reference dose `input(ref, [nx, ny, nz])`, evaluated dose `input(eval, [ex, ey, ez])`, and the
 * sorted offset table `input(offsets, [4, count])` with per offset the evaluated-index delta (di, dj, dk)
 * and |o|²/DTA² (non-decreasing). Offsets are visited in order; the loop ends when |o|²/DTA² ≥ best γ².
 * Evaluated dose is trilinearly interpolated; samples outside the grid's hull of voxel centres are skipped
 * (a size-1 axis is a slab of ±0.5 voxel). Float32 arithmetic; γ² accumulates one term per offset.
 *
 * Output: γ capped at maxGamma, or -1 for unevaluated voxels (below the cutoff, non-finite or, for local
 * gamma, non-positive reference dose). The orchestrator (gamma-gpu.ts) turns -1 into NaN.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- kernel source: gpu.js inputs are dense by construction; `!` vanishes when TS is stripped, so the transpiled text stays plain */
import {
  type GPU,
  type IConstantsThis,
  type IGPUKernelSettings,
  type IKernelFunctionThis,
  Input,
} from 'gpu.js';

/** Constants baked into the kernel. Geometry: evalIjk = L · refIjk + shift (row-major L). */
export interface GammaKernelConstants extends IConstantsThis {
  readonly ex: number;
  readonly ey: number;
  readonly ez: number;
  readonly l00: number;
  readonly l01: number;
  readonly l02: number;
  readonly l10: number;
  readonly l11: number;
  readonly l12: number;
  readonly l20: number;
  readonly l21: number;
  readonly l22: number;
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  /** Reference voxels below this dose (Gy) are not evaluated. */
  readonly cutoffGy: number;
  /** 1 for local gamma, 0 for global. */
  readonly local: number;
  /** Global ΔD in Gy (unused when local). */
  readonly globalDdGy: number;
  /** doseDiffPercent / 100, for local ΔD = relDd · D_r. */
  readonly relDd: number;
  readonly maxGammaSq: number;
  readonly offsetCount: number;
}

/** Per-axis trilinear weight helpers are inlined: gpu.js transpiles only this function's text. */
// eslint-disable-next-line complexity -- one gpu.js kernel body: the bounds and trilinear steps must stay inline
function gammaShellSearch(
  this: IKernelFunctionThis<GammaKernelConstants>,
  refDose: number[][][],
  evalDose: number[][][],
  offsets: number[][],
): number {
  const i = this.thread.x;
  const j = this.thread.y;
  const k = this.thread.z;
  const dr = refDose[k]![j]![i]!;
  let valid = 1;
  if (dr < this.constants.cutoffGy) valid = 0;
  if (dr - dr !== 0) valid = 0; // NaN or ±Inf
  if (this.constants.local > 0.5 && dr <= 0) valid = 0;
  if (valid === 0) return -1;
  let dd = this.constants.globalDdGy;
  if (this.constants.local > 0.5) dd = this.constants.relDd * dr;
  const invDdSq = 1 / (dd * dd);
  const px = this.constants.l00 * i + this.constants.l01 * j + this.constants.l02 * k + this.constants.t0;
  const py = this.constants.l10 * i + this.constants.l11 * j + this.constants.l12 * k + this.constants.t1;
  const pz = this.constants.l20 * i + this.constants.l21 * j + this.constants.l22 * k + this.constants.t2;
  let best = this.constants.maxGammaSq;
  for (let m = 0; m < this.constants.offsetCount; m++) {
    const distSq = offsets[m]![3]!;
    if (distSq >= best) break;
    const x = px + offsets[m]![0]!;
    const y = py + offsets[m]![1]!;
    const z = pz + offsets[m]![2]!;
    let inside = 1;
    if (this.constants.ex > 1.5) {
      if (x < -1e-4 || x > this.constants.ex - 1 + 1e-4) inside = 0;
    } else if (Math.abs(x) > 0.5001) inside = 0;
    if (this.constants.ey > 1.5) {
      if (y < -1e-4 || y > this.constants.ey - 1 + 1e-4) inside = 0;
    } else if (Math.abs(y) > 0.5001) inside = 0;
    if (this.constants.ez > 1.5) {
      if (z < -1e-4 || z > this.constants.ez - 1 + 1e-4) inside = 0;
    } else if (Math.abs(z) > 0.5001) inside = 0;
    if (inside === 1) {
      const i0 = Math.min(Math.max(Math.floor(x), 0), Math.max(this.constants.ex - 2, 0));
      const j0 = Math.min(Math.max(Math.floor(y), 0), Math.max(this.constants.ey - 2, 0));
      const k0 = Math.min(Math.max(Math.floor(z), 0), Math.max(this.constants.ez - 2, 0));
      const i1 = Math.min(i0 + 1, this.constants.ex - 1);
      const j1 = Math.min(j0 + 1, this.constants.ey - 1);
      const k1 = Math.min(k0 + 1, this.constants.ez - 1);
      const fx = Math.min(Math.max(x - i0, 0), 1) * Math.min(this.constants.ex - 1, 1);
      const fy = Math.min(Math.max(y - j0, 0), 1) * Math.min(this.constants.ey - 1, 1);
      const fz = Math.min(Math.max(z - k0, 0), 1) * Math.min(this.constants.ez - 1, 1);
      const c00 = evalDose[k0]![j0]![i0]! + fx * (evalDose[k0]![j0]![i1]! - evalDose[k0]![j0]![i0]!);
      const c10 = evalDose[k0]![j1]![i0]! + fx * (evalDose[k0]![j1]![i1]! - evalDose[k0]![j1]![i0]!);
      const c01 = evalDose[k1]![j0]![i0]! + fx * (evalDose[k1]![j0]![i1]! - evalDose[k1]![j0]![i0]!);
      const c11 = evalDose[k1]![j1]![i0]! + fx * (evalDose[k1]![j1]![i1]! - evalDose[k1]![j1]![i0]!);
      const c0 = c00 + fy * (c10 - c00);
      const c1 = c01 + fy * (c11 - c01);
      const de = c0 + fz * (c1 - c0);
      const diff = de - dr;
      const g = distSq + diff * diff * invDdSq;
      if (g < best) best = g;
    }
  }
  return Math.sqrt(best);
}

/**
 * Builds the kernel for one reference grid size and one set of constants, runs it once and releases it.
 * `refData` is the reference dose (i fastest, `refSize`), `evalData` the evaluated dose on [ex, ey, ez],
 * `offsetTable` 4 floats per offset. Resolves to gpu.js's 3D output: out[k][j] is a row of nx values.
 */
export async function runGammaShellSearch(
  gpu: GPU,
  refSize: readonly [number, number, number],
  constants: GammaKernelConstants,
  refData: Float32Array,
  evalData: Float32Array,
  offsetTable: Float32Array,
): Promise<unknown> {
  // loopMaxIterations is a real gpu.js setting missing from its IGPUKernelSettings typing.
  const settings: IGPUKernelSettings & { loopMaxIterations: number } = {
    output: [refSize[0], refSize[1], refSize[2]],
    constants: { ...constants },
    loopMaxIterations: Math.max(1, constants.offsetCount),
    tactic: 'precision',
    asyncMode: true,
  };
  const kernel = gpu.createKernel(gammaShellSearch, settings);
  try {
    return (await kernel(
      asInput(refData, [refSize[0], refSize[1], refSize[2]]),
      asInput(evalData, [constants.ex, constants.ey, constants.ez]),
      asInput(offsetTable, [4, constants.offsetCount]),
    )) as unknown;
  } finally {
    kernel.destroy();
  }
}

/** gpu.js's typings declare Input over number[]; it accepts typed arrays (the fast path). */
const asInput = (data: Float32Array, size: [number, number] | [number, number, number]): Input =>
  new Input(data as unknown as number[], size);
