import { describe, expect, it } from 'vitest';
import { createGpuContext } from '../../../kernels/gpu-context.js';
import { createVolume } from '../../../src/core/volume.js';
import { loadBuiltInHlut } from '../../../src/density/hlut-file.js';
import { huToRedGpu } from '../../../src/density/hu-to-red-gpu.js';
import { huToRedReference } from '../../../src/density/hu-to-red-reference.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { HU_TO_RED_KERNEL_ABS_TOLERANCE } from '../../helpers/tolerances.js';

describe.each(['cpu', 'webasm'] as const)('hu-to-red kernel on %s', (backend) => {
  it('matches the float64 reference on an anisotropic oblique 17×19×23 grid, knots and clamping included', async () => {
    const grid = makeAwkwardGrid();
    const n = grid.size[0] * grid.size[1] * grid.size[2];
    // every knot, both out-of-range sides and a deterministic spread of values in between
    const knots = [-1024, -999, -90, -45, 0, 100, 350, 3000, -1500, 3500];
    const hu = Float32Array.from({ length: n }, (_, i) =>
      i < knots.length ? knots[i]! : ((i * 7919) % 4600) - 1200,
    );
    const volume = createVolume(grid, 'HU', hu);
    const hlut = loadBuiltInHlut();
    const ref = huToRedReference(volume, hlut);
    const ctx = await createGpuContext(backend);
    try {
      const out = await huToRedGpu(ctx, volume, hlut);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(out.red.data[i]! - ref.red.data[i]!));
      expect(worst).toBeLessThan(HU_TO_RED_KERNEL_ABS_TOLERANCE);
      expect(out.belowRangeCount).toBe(ref.belowRangeCount);
      expect(out.red.grid).toBe(grid);
    } finally {
      await ctx.destroy();
    }
  });
});
