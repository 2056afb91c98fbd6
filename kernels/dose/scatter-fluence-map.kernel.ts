/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';
import { erfApprox } from './erf.gpufn.js';

/**
 * Aperture fluence convolved with scatter Gaussian c, at iso-plane lattice point (u, v): Σ over open rectangles
 * of ½[erf((x2−u)/√2σ) − erf((x1−u)/√2σ)] · ½[erf((y2−v)/√2σ) − erf((y1−v)/√2σ)].
 * Output [nu, nv, nScatter] (thread z = component). Args: rects (flat x1,x2,y1,y2 per rectangle, iso mm),
 * rectCount, sigmas (flat, iso mm per component), u0, du, v0, dv. loopMaxIterations: rectCount.
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
): number {
  const u = u0 + this.thread.x * du;
  const v = v0 + this.thread.y * dv;
  const s = 1.0 / (1.4142135623730951 * sigmas[this.thread.z]!);
  let sum = 0.0;
  for (let r = 0; r < rectCount; r++) {
    const fx = 0.5 * (erfApprox((rects[4 * r + 1]! - u) * s) - erfApprox((rects[4 * r]! - u) * s));
    const fy = 0.5 * (erfApprox((rects[4 * r + 3]! - v) * s) - erfApprox((rects[4 * r + 2]! - v) * s));
    sum += fx * fy;
  }
  return sum;
}

export const scatterFluenceMapKernel: KernelSpec = {
  name: 'scatter-fluence-map',
  fn: scatterFluenceMap,
  helpers: [erfApprox]!,
};
