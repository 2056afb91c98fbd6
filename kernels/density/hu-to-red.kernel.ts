/* eslint-disable @typescript-eslint/no-non-null-assertion -- gpu.js kernel arrays are dense: every index is bounded by the output size or a checked loop bound, and the assertion (erased by the compiler) keeps the transpiled source plain. */
import type { KernelSpec, KernelThis } from '../define-kernel.js';

/**
 * HU → RED, piecewise linear between knots, clamped at both ends. Output [nx, ny, nz] = the HU grid.
 * Args: hu (3D input [z][y][x]), knotsHu, knotsRed (flat, `knotCount` used), knotCount.
 * loopMaxIterations: knotCount. Float32; one interpolation per voxel (no accumulation).
 */
function huToRed(
  this: KernelThis,
  hu: number[][][],
  knotsHu: number[],
  knotsRed: number[],
  knotCount: number,
): number {
  const v = hu[this.thread.z]![this.thread.y]![this.thread.x]!;
  let red = knotsRed[0]!;
  for (let n = 1; n < knotCount; n++) {
    const x0 = knotsHu[n - 1]!;
    const x1 = knotsHu[n]!;
    if (v > x0) {
      if (v >= x1) {
        red = knotsRed[n]!;
      } else {
        red = knotsRed[n - 1]! + ((v - x0) / (x1 - x0)) * (knotsRed[n]! - knotsRed[n - 1]!);
      }
    }
  }
  return red;
}

export const huToRedKernel: KernelSpec = { name: 'hu-to-red', fn: huToRed, helpers: [] };
