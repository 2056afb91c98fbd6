/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * Aperture fluence convolved with scatter Gaussian c, at iso-plane lattice point (u, v): Σ over open rectangles
 * of ½[erf((x2−u)/√2σ) − erf((x1−u)/√2σ)] · ½[erf((y2−v)/√2σ) − erf((y1−v)/√2σ)], erf read from the signed table
 * of src/dose/depth-tables.ts (no exp per call: see pencil-beam-dose.kernel.ts).
 * Output [nu, nv, nScatter] (thread z = component). Args: rects (flat x1,x2,y1,y2 per rectangle, iso mm),
 * rectCount, sigmas (flat, iso mm per component), u0, du, v0, dv, erf (table), erfInvStep, erfZero (index of
 * erf(0)). loopMaxIterations: max(rectCount, 4).
 */
function scatterFluenceMap(
  this: KernelThis,
  rects: number[],
  rectCount: number,
  sigmas: number[],
  u0: number,
  du: number,
  v0: number,
  dv: number,
  erf: number[],
  erfInvStep: number,
  erfZero: number,
): number {
  const u = u0 + this.thread.x * du;
  const v = v0 + this.thread.y * dv;
  const s = erfInvStep / (1.4142135623730951 * sigmas[this.thread.z]!);
  let sum = 0.0;
  for (let r = 0; r < rectCount; r++) {
    // edge e = x1, x2, y1, y2: one table lookup each
    let fx = 0.0;
    let fy = 0.0;
    for (let e = 0; e < 4; e++) {
      const toEdge = e < 2 ? rects[4 * r + e]! - u : rects[4 * r + e]! - v;
      const f = Math.min(Math.max(toEdge * s + erfZero, 0.0), 2.0 * erfZero);
      const n = Math.floor(f);
      const value = erf[n]! + (f - n) * (erf[n + 1]! - erf[n]!);
      const signed = e === 0 || e === 2 ? -value : value;
      if (e < 2) {
        fx += signed;
      } else {
        fy += signed;
      }
    }
    sum += 0.25 * fx * fy;
  }
  return sum;
}

export const scatterFluenceMapKernel: KernelSpec = {
  name: 'scatter-fluence-map',
  fn: scatterFluenceMap,
  helpers: [],
};
