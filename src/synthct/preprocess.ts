import { InputError } from '../core/errors.js';
import { assertSameGrid, type Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import type { ModelManifest, MrNormalisation } from './manifest-schema.js';
import { modelGridFor } from './model-grid.js';
import { percentilesOf } from '../core/percentile.js';
import { resampleOntoModelGrid } from './resample-onto.js';

/** A normalisation ready to apply: v → v' (unitless network input). */
export interface NormalisationParams {
  readonly recipe: MrNormalisation;
  /** The MR intensities mapped to the bottom and top of the output range (percentile recipe), for provenance. */
  readonly lowMr: number;
  readonly highMr: number;
  readonly apply: (mrValue: number) => number;
}

/** Everything the slice loop needs: the normalised MR on the model grid and the tensor's in-plane layout. */
export interface ModelInput {
  readonly modelGrid: Grid3;
  /** Normalised MR on `modelGrid` (i fastest). */
  readonly normalised: Float32Array;
  /** Tensor height/width (≥ model grid ny/nx); the grid sits at offset (padTop, padLeft). */
  readonly tensorHeight: number;
  readonly tensorWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  /** Network input value for padding: the normalised value of zero MR signal (air). */
  readonly padValue: number;
  readonly normalisation: NormalisationParams;
}

/**
 * Builds the per-volume normalisation from the MR inside the body mask (PHYSICS.md: MR has no absolute scale).
 * Throws InputError when the body has no contrast (P_high = P_low).
 */
export function fitNormalisation(
  mr: Volume<'MR'>,
  mask: Volume<'mask'>,
  recipe: MrNormalisation,
): NormalisationParams {
  if (recipe.method === 'linear') {
    const { scale, offset } = recipe;
    return { recipe, lowMr: -offset / scale, highMr: (1 - offset) / scale, apply: (v) => v * scale + offset };
  }
  let count = 0;
  for (let n = 0; n < mask.data.length; n++) if (mask.data[n] !== 0) count++;
  const inside = new Float32Array(count);
  let m = 0;
  for (let n = 0; n < mask.data.length; n++) if (mask.data[n] !== 0) inside[m++] = mr.data[n] as number;
  const [lowMr, highMr] = percentilesOf(inside, [recipe.lowerPercentile, recipe.upperPercentile]) as [
    number,
    number,
  ];
  if (!(highMr > lowMr))
    throw new InputError(
      `MR has no contrast inside the body: percentiles ${recipe.lowerPercentile} and ${recipe.upperPercentile} are both ${lowMr}`,
      { lowMr, highMr },
    );
  const [outMin, outMax] = recipe.outputRange;
  const span = highMr - lowMr;
  const clip = recipe.clip;
  return {
    recipe,
    lowMr,
    highMr,
    apply: (v) => {
      const t = (v - lowMr) / span;
      const c = clip ? Math.min(1, Math.max(0, t)) : t;
      return c * (outMax - outMin) + outMin;
    },
  };
}

/** Fixed length, or the smallest multiple of `multiple` ≥ n for a dynamic dimension. */
function tensorLength(n: number, dim: number | 'dynamic', multiple: number, what: string): number {
  if (dim === 'dynamic') return Math.ceil(n / multiple) * multiple;
  if (n > dim)
    throw new InputError(
      `the MR spans ${n} model pixels along the tensor ${what}, more than the model's fixed ${dim}`,
      { needed: n, fixed: dim },
    );
  return dim;
}

/** Throws InputError naming the first NaN/Inf voxel of the MR. */
function assertFiniteMr(mr: Volume<'MR'>): void {
  for (let n = 0; n < mr.data.length; n++) {
    if (!Number.isFinite(mr.data[n] as number))
      throw new InputError(`MR has a non-finite value ${mr.data[n]} at voxel index ${n}`, { index: n });
  }
}

/**
 * MR → the model's input: checks the MR (finite) and mask (same grid), fits the normalisation inside the body,
 * resamples the MR onto the model grid (trilinear; zero signal outside the MR), normalises, and lays out the
 * tensor's in-plane padding (centred).
 */
export function prepareModelInput(
  mr: Volume<'MR'>,
  mask: Volume<'mask'>,
  manifest: ModelManifest,
): ModelInput {
  assertFiniteMr(mr);
  assertSameGrid(mr.grid, mask.grid, 'MR and body mask');
  const normalisation = fitNormalisation(mr, mask, manifest.mrNormalisation);
  const modelGrid = modelGridFor(mr.grid, manifest.modelGrid);
  const normalised = resampleOntoModelGrid(mr, modelGrid, 0);
  for (let n = 0; n < normalised.length; n++) normalised[n] = normalisation.apply(normalised[n] as number);
  const { input } = manifest;
  const [nx, ny] = modelGrid.size;
  const tensorWidth = tensorLength(nx, input.width, input.spatialMultiple, 'width (model +i)');
  const tensorHeight = tensorLength(ny, input.height, input.spatialMultiple, 'height (model +j)');
  return {
    modelGrid,
    normalised,
    tensorHeight,
    tensorWidth,
    padTop: Math.floor((tensorHeight - ny) / 2),
    padLeft: Math.floor((tensorWidth - nx) / 2),
    padValue: normalisation.apply(0),
    normalisation,
  };
}

/**
 * Fills the NCHW float32 tensor for model slices k0 … k0+count−1: channel c of slice k holds model slice
 * clamp(k + c − n, 0, nz − 1) (2.5D neighbours, edge slices replicated), padded with `padValue`.
 */
export function fillSliceBatch(
  input: ModelInput,
  k0: number,
  count: number,
  neighbourSlices: number,
): Float32Array {
  const [nx, ny, nz] = input.modelGrid.size;
  const channels = 2 * neighbourSlices + 1;
  const { tensorHeight: h, tensorWidth: w, padTop, padLeft } = input;
  const tensor = new Float32Array(count * channels * h * w).fill(input.padValue);
  for (let b = 0; b < count; b++) {
    for (let c = 0; c < channels; c++) {
      const k = Math.min(nz - 1, Math.max(0, k0 + b + c - neighbourSlices));
      const planeOffset = (b * channels + c) * h * w;
      for (let j = 0; j < ny; j++) {
        const src = nx * (j + ny * k);
        tensor.set(input.normalised.subarray(src, src + nx), planeOffset + (j + padTop) * w + padLeft);
      }
    }
  }
  return tensor;
}
