import { type BackendRequest, createGpuContext, resolveBackend } from '../../../kernels/gpu-context.js';
import { GeometryError, InputError } from '../../core/errors.js';
import { createVolume, type Volume } from '../../core/volume.js';
import { buildSearchLattice, refToEvalMap } from './gamma-geometry.js';
import { cellDoseRange } from './gamma-fast.js';
import { computeGammaFastThreaded, defaultGammaThreads } from './gamma-fast-pool.js';
import { planFastGamma } from './gamma-fast-plan.js';
import { computeGammaGpu } from './gamma-gpu.js';
import { type GammaCriteria, type GammaOptions, normaliseGammaOptions } from './gamma-options.js';
import { computeGammaReference } from './gamma-reference.js';
import { type GammaBackendId, type GammaResult, summariseGamma } from './gamma-result.js';

/**
 * Which gamma implementation to run:
 * - 'auto': a hardware gpu.js backend (webgpu, headlessgl, webgl2, webgl) when one answers, otherwise 'ts';
 * - 'ts': the plain-TypeScript fast path (exact cell/brick pruning, float64 arithmetic) — on CPUs it beats
 *   gpu.js's cpu and webasm modes by far (see tests/bench/compare.bench.ts);
 * - 'reference': the float64 brute-force shell search (slow; ground truth);
 * - any gpu.js mode by name ('cpu', 'webasm', 'webgpu', …): the gpu.js kernel on that backend.
 */
export type GammaBackendRequest = 'auto' | 'ts' | 'reference' | Exclude<BackendRequest, 'auto'>;

export const GAMMA_BACKENDS: readonly GammaBackendRequest[] = [
  'auto',
  'ts',
  'reference',
  'webgpu',
  'webgl2',
  'webgl',
  'headlessgl',
  'webasm',
  'cpu',
];

/** Largest finite value of a dose array (Gy), or NaN when there is none. */
export function maxFiniteDose(data: ArrayLike<number>): number {
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n] as number;
    if (v > max && v !== Infinity) max = v;
  }
  return max === -Infinity ? NaN : max;
}

/** Validates the pair of doses and the options; returns the frozen criteria. */
export function prepareGamma(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  options: GammaOptions,
): GammaCriteria {
  if (reference.quantity !== 'Gy' || evaluated.quantity !== 'Gy')
    throw new InputError(
      `gamma needs two dose volumes (Gy), got '${reference.quantity}' and '${evaluated.quantity}'`,
    );
  const a = reference.grid.frameOfReferenceUid;
  const b = evaluated.grid.frameOfReferenceUid;
  if (a !== '' && b !== '' && a !== b)
    throw new GeometryError(
      `reference and evaluated doses are in different frames of reference (${a} vs ${b})`,
    );
  const refMax = maxFiniteDose(reference.data);
  if (options.globalNormGy === undefined && !(refMax > 0))
    throw new InputError(
      `the reference dose has no positive value (max ${refMax} Gy): nothing to normalise gamma to`,
    );
  return normaliseGammaOptions(options, refMax);
}

/** Reference grids smaller than this run the 'ts' search on one thread (workers cost ~50 ms to start). */
const THREADING_MIN_VOXELS = 500_000;

/**
 * Plain-TS gamma: the fast pruned search when the grids are translates of each other, else the shell search.
 * `threads` (default: the machine's parallelism, ≤ 4, for grids ≥ 0.5 M voxels) splits the fast search over
 * worker threads.
 */
export async function computeGammaTs(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  criteria: GammaCriteria,
  threads?: number,
): Promise<Float32Array> {
  const lattice = buildSearchLattice(reference.grid, criteria);
  const map = refToEvalMap(reference.grid, evaluated.grid);
  const plan = planFastGamma(reference.grid, evaluated.grid, map, lattice, criteria.searchStepMm);
  if (!plan) return Float32Array.from(computeGammaReference(reference, evaluated, criteria));
  const range = cellDoseRange(evaluated.data, evaluated.grid.size);
  const input = {
    refData: reference.data,
    refSize: reference.grid.size,
    evalData: evaluated.data,
    evalSize: evaluated.grid.size,
    cellMin: range.min,
    cellMax: range.max,
    plan,
    criteria,
  };
  const count = threads ?? (reference.data.length >= THREADING_MIN_VOXELS ? defaultGammaThreads() : 1);
  return computeGammaFastThreaded(input, count);
}

/**
 * Stage entry: gamma of `evaluated` against `reference` (Low 1998), on the reference grid.
 * The evaluated dose may be on any grid in the same frame; it is trilinearly interpolated at reference voxel
 * centres plus search offsets. See gamma-result.ts for the NaN / maxGamma conventions of the map.
 * `run.threads`: threads of the 'ts' backend (default: machine parallelism ≤ 4 on grids ≥ 0.5 M voxels).
 */
export async function computeGamma(
  reference: Volume<'Gy'>,
  evaluated: Volume<'Gy'>,
  options: GammaOptions,
  backend: GammaBackendRequest = 'auto',
  run: { readonly threads?: number } = {},
): Promise<GammaResult> {
  const t0 = performance.now();
  const criteria = prepareGamma(reference, evaluated, options);
  const resolved = await resolveGammaBackend(backend);
  const t1 = performance.now();
  let gamma: Float32Array;
  if (resolved === 'ts') gamma = await computeGammaTs(reference, evaluated, criteria, run.threads);
  else if (resolved === 'reference')
    gamma = Float32Array.from(computeGammaReference(reference, evaluated, criteria));
  else {
    const ctx = await createGpuContext(resolved);
    try {
      gamma = await computeGammaGpu(reference, evaluated, criteria, ctx);
    } finally {
      await ctx.destroy();
    }
  }
  const t2 = performance.now();
  const stats = summariseGamma(gamma, criteria.maxGamma);
  const t3 = performance.now();
  return {
    ...stats,
    gamma: createVolume(reference.grid, 'gamma', gamma),
    criteria,
    backend: resolved,
    timings: { setupMs: t1 - t0, searchMs: t2 - t1, statisticsMs: t3 - t2 },
  };
}

/** 'auto' → a hardware GPU backend if one answers, else 'ts'; explicit requests are checked. */
export async function resolveGammaBackend(request: GammaBackendRequest): Promise<GammaBackendId> {
  if (request === 'ts' || request === 'reference') return request;
  try {
    const id = await resolveBackend(request);
    if (request === 'auto' && (id === 'webasm' || id === 'cpu')) return 'ts';
    return id;
  } catch (error) {
    throw new InputError((error as Error).message, { backend: request });
  }
}
