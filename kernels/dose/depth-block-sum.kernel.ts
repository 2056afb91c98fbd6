/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * First level of the two-level prefix sum along each fan ray: block b holds the sum of segments
 * b·B … b·B + B − 1 (clipped at nw). Output [nu, nv, nBlocks]. Args: segments (3D input [iw][iv][iu]), nw,
 * blockSize B. loopMaxIterations: B. Float32, increasing depth order.
 */
function depthBlockSum(this: KernelThis, segments: number[][][], nw: number, blockSize: number): number {
  let sum = 0.0;
  const first = this.thread.z * blockSize;
  for (let m = 0; m < blockSize; m++) {
    if (first + m < nw) {
      sum += segments[first + m]![this.thread.y]![this.thread.x]!;
    }
  }
  return sum;
}

export const depthBlockSumKernel: KernelSpec = { name: 'depth-block-sum', fn: depthBlockSum, helpers: [] };
