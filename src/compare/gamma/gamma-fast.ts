import type { Size3 } from '../../core/grid.js';
import type { VoxelArray } from '../../core/volume.js';
import type { FastGammaPlan } from './gamma-fast-plan.js';
import type { GammaCriteria } from './gamma-options.js';

/**
 * Per-cell dose range of the evaluated dose: for lower corner (i, j, k), min and max of the 8 corner values,
 * with the +1 neighbour clamped at the last index (so a boundary "cell" is its face). Separable: 3 passes.
 */
export function cellDoseRange(
  data: VoxelArray,
  size: Size3,
): { min: Float64Array | Float32Array; max: Float64Array | Float32Array } {
  const make = (n: number): Float64Array | Float32Array =>
    data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  const n = data.length;
  const min = make(n);
  const max = make(n);
  min.set(data);
  max.set(data);
  const [nx, ny, nz] = size;
  const strides = [1, nx, nx * ny];
  for (let d = 0; d < 3; d++) {
    const len = size[d] as number;
    if (len === 1) continue;
    const stride = strides[d] as number;
    for (let idx = 0; idx < n; idx++) {
      const coord = d === 0 ? idx % nx : d === 1 ? Math.floor(idx / nx) % ny : Math.floor(idx / (nx * ny));
      if (coord === len - 1) continue;
      const a = min[idx] as number;
      const b = min[idx + stride] as number;
      if (b < a) min[idx] = b;
      const c = max[idx] as number;
      const e = max[idx + stride] as number;
      if (e > c) max[idx] = e;
    }
  }
  void nz;
  return { min, max };
}

/** Inputs of the fast search over a range of reference slices. */
export interface FastGammaInput {
  readonly refData: VoxelArray;
  readonly refSize: Size3;
  readonly evalData: VoxelArray;
  readonly evalSize: Size3;
  readonly cellMin: ArrayLike<number>;
  readonly cellMax: ArrayLike<number>;
  readonly plan: FastGammaPlan;
  readonly criteria: GammaCriteria;
}

/**
 * Fast exact gamma over reference slices k = kStart, kStart + kStep, … < kEnd: writes γ (or NaN when unevaluated)
 * into `out` (reference layout, i fastest). Same result as `computeGammaReference` up to float64 rounding.
 *
 * SELF-CONTAINED (its helpers are inner functions, it reads nothing outside its arguments): the worker pool
 * (gamma-fast-pool.ts) runs it from its source text, like the dose engine's slab workers.
 */
export function computeGammaFastSlices(
  input: FastGammaInput,
  out: Float32Array | Float64Array,
  kStart: number,
  kEnd: number,
  kStep = 1,
): void {
  const { refData, refSize, criteria } = input;
  const [nx, ny] = refSize;
  const maxGammaSq = criteria.maxGamma * criteria.maxGamma;
  const local = criteria.normalisation === 'local';
  const cutoff = criteria.lowerDoseCutoffGy;
  const relDd = criteria.doseDiffPercent / 100;
  const globalInv = 1 / (criteria.globalDoseDiffGy * criteria.globalDoseDiffGy);
  for (let k = kStart; k < kEnd; k += kStep)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const n = i + nx * (j + ny * k);
        const doseRef = refData[n] as number;
        if (!(doseRef >= cutoff) || !Number.isFinite(doseRef) || (local && !(doseRef > 0))) {
          out[n] = NaN;
          continue;
        }
        const invDdSq = local ? 1 / (relDd * relDd * doseRef * doseRef) : globalInv;
        out[n] = Math.sqrt(searchVoxel(input, i, j, k, doseRef, invDdSq, maxGammaSq));
      }

  /** Best γ² for one reference voxel: cells → bricks → offsets, each level pruned by its lower bound. */
  // eslint-disable-next-line complexity -- the hot loop: splitting it further costs a call per sample
  function searchVoxel(
    input: FastGammaInput,
    i: number,
    j: number,
    k: number,
    doseRef: number,
    invDdSq: number,
    startBest: number,
  ): number {
    const { evalData: v, evalSize, cellMin, cellMax, plan } = input;
    const [ex, ey, ez] = evalSize;
    const bx = i + plan.baseShift[0];
    const by = j + plan.baseShift[1];
    const bz = k + plan.baseShift[2];
    const sliceStride = ex * ey;
    let best = startBest;
    for (let c = 0; c < plan.cellCount; c++) {
      const cellSq = plan.cellMinDistSq[c] as number;
      if (cellSq >= best) break;
      const cx = bx + (plan.cellDelta[3 * c] as number);
      const cy = by + (plan.cellDelta[3 * c + 1] as number);
      const cz = bz + (plan.cellDelta[3 * c + 2] as number);
      if (cx < 0 || cy < 0 || cz < 0 || cx >= ex || cy >= ey || cz >= ez) continue;
      const flat = cx + ex * (cy + ey * cz);
      const lo = cellMin[flat] as number;
      const hi = cellMax[flat] as number;
      const gap = doseRef < lo ? lo - doseRef : doseRef > hi ? doseRef - hi : 0;
      // Every sample of the cell lies in [lo, hi], so γ² ≥ |o|² + gapTerm for each of its offsets.
      const cellGapTerm = gap * gap * invDdSq;
      if (cellSq + cellGapTerm >= best) continue;
      // Upper-boundary cells: only offsets with zero fraction along the flagged axes lie inside the grid.
      const upper = (cx === ex - 1 ? 1 : 0) | (cy === ey - 1 ? 2 : 0) | (cz === ez - 1 ? 4 : 0);
      const sx = upper & 1 ? 0 : 1;
      const sy = upper & 2 ? 0 : ex;
      const sz = upper & 4 ? 0 : sliceStride;
      const v000 = v[flat] as number;
      const v100 = v[flat + sx] as number;
      const v010 = v[flat + sy] as number;
      const v110 = v[flat + sy + sx] as number;
      const v001 = v[flat + sz] as number;
      const v101 = v[flat + sz + sx] as number;
      const v011 = v[flat + sz + sy] as number;
      const v111 = v[flat + sz + sy + sx] as number;
      const bEnd = plan.cellBricks[2 * c + 1] as number;
      for (let b = plan.cellBricks[2 * c] as number; b < bEnd; b++) {
        const brickSq = plan.brickMinDistSq[b] as number;
        if (brickSq + cellGapTerm >= best) break;
        if ((plan.brickNonzeroMask[b] as number) & upper) continue;
        const oStart = plan.brickOffsets[2 * b] as number;
        const oEnd = plan.brickOffsets[2 * b + 1] as number;
        let gapTerm = cellGapTerm;
        if (oEnd - oStart > 8) {
          const box = plan.brickFracBox;
          const gapBrick = brickGap(box, 6 * b, doseRef, v000, v100, v010, v110, v001, v101, v011, v111);
          gapTerm = gapBrick * gapBrick * invDdSq;
          if (brickSq + gapTerm >= best) continue;
        }
        // Offsets are sorted by distance and all lie in the brick's dose range: stop at |o|² + gapTerm ≥ best.
        for (let o = oStart; o < oEnd; o++) {
          const sq = plan.offsetDistSq[o] as number;
          if (sq + gapTerm >= best) break;
          if ((plan.offsetNonzeroMask[o] as number) & upper) continue;
          const fx = plan.offsetFrac[3 * o] as number;
          const fy = plan.offsetFrac[3 * o + 1] as number;
          const fz = plan.offsetFrac[3 * o + 2] as number;
          const diff = trilinear(fx, fy, fz, v000, v100, v010, v110, v001, v101, v011, v111) - doseRef;
          const g = sq + diff * diff * invDdSq;
          if (g < best) best = g;
        }
      }
    }
    return best;
  }

  /** Trilinear interpolation of the 8 corners at fractions (fx, fy, fz). */
  function trilinear(
    fx: number,
    fy: number,
    fz: number,
    v000: number,
    v100: number,
    v010: number,
    v110: number,
    v001: number,
    v101: number,
    v011: number,
    v111: number,
  ): number {
    const c00 = v000 + fx * (v100 - v000);
    const c10 = v010 + fx * (v110 - v010);
    const c01 = v001 + fx * (v101 - v001);
    const c11 = v011 + fx * (v111 - v011);
    const c0 = c00 + fy * (c10 - c00);
    const c1 = c01 + fy * (c11 - c01);
    return c0 + fz * (c1 - c0);
  }

  /** Distance from doseRef to the range of the trilinear field over a fraction box (extremes sit at its corners). */
  function brickGap(
    box: Float64Array,
    at: number,
    doseRef: number,
    v000: number,
    v100: number,
    v010: number,
    v110: number,
    v001: number,
    v101: number,
    v011: number,
    v111: number,
  ): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let corner = 0; corner < 8; corner++) {
      const fx = box[at + (corner & 1)] as number;
      const fy = box[at + 2 + ((corner >> 1) & 1)] as number;
      const fz = box[at + 4 + ((corner >> 2) & 1)] as number;
      const t = trilinear(fx, fy, fz, v000, v100, v010, v110, v001, v101, v011, v111);
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return doseRef < lo ? lo - doseRef : doseRef > hi ? doseRef - hi : 0;
  }
}
