/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * Radiological depth at each fan sample: the sum of the segment paths 0..iw along the sample's ray, as a
 * two-level prefix sum — the block sums of the whole blocks before iw (depth-block-sum.kernel.ts) plus the
 * segments of iw's own block up to iw. With B ≈ √nw that is ≈ 2√nw reads per sample instead of ≈ nw/2, which
 * keeps the gather-style kernel affordable on the CPU backends (webasm, cpu).
 * Output [nu, nv, nw]; args: segments ([iw][iv][iu]), blockSums ([b][iv][iu]), blockSize B.
 * loopMaxIterations: max(B, number of blocks). Float32, in increasing depth order.
 */
function cumulativeDepth(
  this: KernelThis,
  segments: number[][][],
  blockSums: number[][][],
  blockSize: number,
): number {
  const block = Math.floor(this.thread.z / blockSize);
  let sum = 0.0;
  for (let b = 0; b < block; b++) {
    sum += blockSums[b]![this.thread.y]![this.thread.x]!;
  }
  const first = block * blockSize;
  for (let m = 0; m < blockSize; m++) {
    if (first + m <= this.thread.z) {
      sum += segments[first + m]![this.thread.y]![this.thread.x]!;
    }
  }
  return sum;
}

export const cumulativeDepthKernel: KernelSpec = {
  name: 'cumulative-depth',
  fn: cumulativeDepth,
  helpers: [],
};
