/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * Radiological depth at each fan sample: the sum of the segment paths 0..iw along the sample's ray.
 * Output [nu, nv, nw]; args: segments (3D input [iw][iv][iu]), nw. loopMaxIterations: nw.
 * Float32 accumulation in increasing depth order (the same order as the plain-TS engine).
 */
function cumulativeDepth(this: KernelThis, segments: number[][][], nw: number): number {
  let sum = 0.0;
  for (let m = 0; m < nw; m++) {
    if (m > this.thread.z) {
      break;
    }
    sum += segments[m]![this.thread.y]![this.thread.x]!;
  }
  return sum;
}

export const cumulativeDepthKernel: KernelSpec = {
  name: 'cumulative-depth',
  fn: cumulativeDepth,
  helpers: [],
};
