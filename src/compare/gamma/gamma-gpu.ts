import type { GpuContext } from '../../../kernels/gpu-context.js';
import { runGammaShellSearch } from '../../../kernels/gamma/gamma-shell-search.kernel.js';
import { NumericalError } from '../../core/errors.js';
import { voxelCount } from '../../core/grid.js';
import { toFloat32, type Volume } from '../../core/volume.js';
import { buildSearchLattice, refToEvalMap } from './gamma-geometry.js';
import type { GammaCriteria } from './gamma-options.js';

/**
 * Runs the gpu.js gamma kernel (kernels/gamma/gamma-shell-search.kernel.ts) on `ctx`'s backend: builds the
 * sorted offset table in evaluated-index units, bakes the geometry and criteria into constants, uploads both
 * doses as flat float32 inputs and converts the kernel's -1 (unevaluated) to NaN.
 * @returns γ per reference voxel (i fastest), NaN where not evaluated.
 */
export async function computeGammaGpu(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  criteria: GammaCriteria,
  ctx: GpuContext,
): Promise<Float32Array> {
  const lattice = buildSearchLattice(reference.grid, criteria);
  const map = refToEvalMap(reference.grid, evaluated.grid);
  const table = new Float32Array(4 * lattice.count);
  for (let m = 0; m < lattice.count; m++) {
    for (let r = 0; r < 3; r++) {
      let s = 0;
      for (let d = 0; d < 3; d++)
        s += (map.offsetLinear[3 * r + d] as number) * (lattice.offsetsMm[3 * m + d] as number);
      table[4 * m + r] = s;
    }
    table[4 * m + 3] = lattice.distSqOverDtaSq[m] as number;
  }
  const L = map.linear;
  const [ex, ey, ez] = evaluated.grid.size;
  const constants = {
    ex,
    ey,
    ez,
    l00: L[0] as number,
    l01: L[1] as number,
    l02: L[2] as number,
    l10: L[3] as number,
    l11: L[4] as number,
    l12: L[5] as number,
    l20: L[6] as number,
    l21: L[7] as number,
    l22: L[8] as number,
    t0: map.shift[0],
    t1: map.shift[1],
    t2: map.shift[2],
    cutoffGy: criteria.lowerDoseCutoffGy,
    local: criteria.normalisation === 'local' ? 1 : 0,
    globalDdGy: criteria.globalDoseDiffGy,
    relDd: criteria.doseDiffPercent / 100,
    maxGammaSq: criteria.maxGamma * criteria.maxGamma,
    offsetCount: lattice.count,
  };
  const refData = reference.data instanceof Float32Array ? reference.data : toFloat32(reference.data);
  const evalData = evaluated.data instanceof Float32Array ? evaluated.data : toFloat32(evaluated.data);
  const raw = await runGammaShellSearch(ctx.gpu, reference.grid.size, constants, refData, evalData, table);
  return flattenOutput(raw, reference.grid.size, voxelCount(reference.grid));
}

/** gpu.js 3D output (out[k][j] = row of nx values) → flat i-fastest array, -1 → NaN. */
function flattenOutput(raw: unknown, size: readonly [number, number, number], n: number): Float32Array {
  const [nx, ny, nz] = size;
  const out = new Float32Array(n);
  const planes = raw as ArrayLike<ArrayLike<ArrayLike<number>>>;
  if (planes.length !== nz)
    throw new NumericalError(`gamma kernel returned ${planes.length} planes, expected ${nz}`);
  for (let k = 0; k < nz; k++) {
    const plane = planes[k] as ArrayLike<ArrayLike<number>>;
    for (let j = 0; j < ny; j++) {
      const row = plane[j] as ArrayLike<number>;
      const base = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const g = row[i] as number;
        out[base + i] = g < 0 ? NaN : g;
      }
    }
  }
  return out;
}
