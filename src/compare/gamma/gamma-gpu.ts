import type { GpuContext } from '../../../kernels/gpu-context.js';
import { runKernel, volumeInput } from '../../../kernels/define-kernel.js';
import { GAMMA_PARAMS, gammaShellSearchKernel } from '../../../kernels/gamma/gamma-shell-search.kernel.js';
import { NumericalError } from '../../core/errors.js';
import { voxelCount } from '../../core/grid.js';
import { toFloat32, type Volume } from '../../core/volume.js';
import {
  buildSearchLattice,
  type GammaSearchLattice,
  type RefToEvalMap,
  refToEvalMap,
} from './gamma-geometry.js';
import type { GammaCriteria } from './gamma-options.js';

/**
 * Runs the gpu.js gamma kernel (kernels/gamma/gamma-shell-search.kernel.ts) on `ctx`'s backend through
 * kernels/define-kernel.ts: builds the sorted offset table in evaluated-index units and the params vector
 * (geometry and criteria), passes both doses as float32 volume inputs and turns the kernel's −1 (unevaluated)
 * into NaN.
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
  const table = gammaOffsetTable(lattice, map);
  const params = gammaParams(map, evaluated.grid.size, criteria, lattice.count);
  const refData = reference.data instanceof Float32Array ? reference.data : toFloat32(reference.data);
  const evalData = evaluated.data instanceof Float32Array ? evaluated.data : toFloat32(evaluated.data);
  const raw = await runKernel(ctx, gammaShellSearchKernel, reference.grid.size, lattice.count, [
    volumeInput(refData, reference.grid.size),
    volumeInput(evalData, evaluated.grid.size),
    table,
    params,
  ]);
  if (raw.length !== voxelCount(reference.grid))
    throw new NumericalError(
      `gamma kernel returned ${raw.length} values, expected ${voxelCount(reference.grid)}`,
    );
  for (let n = 0; n < raw.length; n++) if ((raw[n] as number) < 0) raw[n] = NaN;
  return raw;
}

/** The kernel's `params` argument (layout GAMMA_PARAMS): evaluated size, index map, criteria, offset count. */
export function gammaParams(
  map: RefToEvalMap,
  evalSize: readonly [number, number, number],
  criteria: GammaCriteria,
  offsetCount: number,
): Float32Array {
  const p = new Float32Array(GAMMA_PARAMS.length);
  p.set(evalSize, GAMMA_PARAMS.ex);
  p.set(map.linear, GAMMA_PARAMS.linear);
  p.set(map.shift, GAMMA_PARAMS.shift);
  p[GAMMA_PARAMS.cutoffGy] = criteria.lowerDoseCutoffGy;
  p[GAMMA_PARAMS.local] = criteria.normalisation === 'local' ? 1 : 0;
  p[GAMMA_PARAMS.globalDdGy] = criteria.globalDoseDiffGy;
  p[GAMMA_PARAMS.relDd] = criteria.doseDiffPercent / 100;
  p[GAMMA_PARAMS.maxGammaSq] = criteria.maxGamma * criteria.maxGamma;
  p[GAMMA_PARAMS.offsetCount] = offsetCount;
  return p;
}

/** The kernel's `offsets` argument: per offset the evaluated-index delta and |o|²/DTA² (sorted by it). */
export function gammaOffsetTable(lattice: GammaSearchLattice, map: RefToEvalMap): Float32Array {
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
  return table;
}
