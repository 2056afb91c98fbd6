import type { Volume } from '../core/volume.js';
import { createVolume } from '../core/volume.js';
import { huToRedKernel } from '../../kernels/density/hu-to-red.kernel.js';
import { runKernel, volumeInput } from '../../kernels/define-kernel.js';
import type { GpuContext } from '../../kernels/gpu-context.js';
import type { Hlut } from './hlut.js';
import { countOutOfRange, type HuToRedResult, outOfRangeWarnings } from './hu-to-red-reference.js';

/**
 * HU → RED on a gpu.js backend (kernels/density/hu-to-red.kernel.ts). Out-of-range counting and the policy run on
 * the host first (so 'error' throws before any GPU work), exactly as in the reference.
 */
export async function huToRedGpu(ctx: GpuContext, hu: Volume<'HU'>, hlut: Hlut): Promise<HuToRedResult> {
  const { below, above } = countOutOfRange(hlut, hu.data);
  const warnings = outOfRangeWarnings(hlut, below, above);
  const data = hu.data instanceof Float32Array ? hu.data : Float32Array.from(hu.data);
  const n = hlut.knotsHu.length;
  // padded to ≥ 8 values: gpu.js types arrays of length 2–4 as vectors
  const pad = (a: Float64Array): Float32Array => {
    const out = new Float32Array(Math.max(8, a.length));
    out.set(a);
    return out;
  };
  const red = await runKernel(ctx, huToRedKernel, hu.grid.size, n, [
    volumeInput(data, hu.grid.size),
    pad(hlut.knotsHu),
    pad(hlut.knotsRedRel),
    n,
  ]);
  return { red: createVolume(hu.grid, 'RED', red), belowRangeCount: below, aboveRangeCount: above, warnings };
}
