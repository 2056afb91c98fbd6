import { NumericalError } from '../core/errors.js';
import { assertSameGrid, type Grid3, voxelCount } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import type { ModelManifest } from './manifest-schema.js';
import type { ModelInput } from './preprocess.js';
import { resampleOntoModelGrid } from './resample-onto.js';

/**
 * Writes one output batch (N×1×H×W network units, slices k0 … k0+N−1) into the model-grid HU volume:
 * HU = output · scale + offset, padding cropped. Throws NumericalError at the first NaN/Inf the network produced,
 * naming the model slice and pixel.
 */
export function stitchOutputBatch(
  huOnModelGrid: Float32Array,
  output: Float32Array,
  k0: number,
  count: number,
  input: ModelInput,
  outputToHu: ModelManifest['outputToHu'],
): void {
  const [nx, ny] = input.modelGrid.size;
  const { tensorHeight: h, tensorWidth: w, padTop, padLeft } = input;
  const { scale, offset } = outputToHu;
  for (let b = 0; b < count; b++) {
    const k = k0 + b;
    for (let j = 0; j < ny; j++) {
      const src = b * h * w + (j + padTop) * w + padLeft;
      const dst = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const v = output[src + i] as number;
        if (!Number.isFinite(v))
          throw new NumericalError(`the network output ${v} at model slice ${k}, pixel (${i}, ${j})`, {
            slice: k,
            i,
            j,
            value: v,
          });
        huOnModelGrid[dst + i] = v * scale + offset;
      }
    }
  }
}

/**
 * Model-grid HU → the sCT on the MR grid: trilinear resampling (exact where the grids' centres coincide),
 * clip to `huClipRange`, voxels outside the body mask set to `outsideBodyHu` (air). The result carries the
 * MR's grid object itself: same size, spacing, origin, axes and frame of reference.
 */
export function huToMrGrid(
  huOnModelGrid: Float32Array,
  modelGrid: Grid3,
  mrGrid: Grid3,
  bodyMask: Volume<'mask'>,
  manifest: Pick<ModelManifest, 'huClipRange' | 'outsideBodyHu'>,
): Volume<'HU', Float32Array> {
  assertSameGrid(mrGrid, bodyMask.grid, 'MR and body mask');
  const [lo, hi] = manifest.huClipRange;
  const air = manifest.outsideBodyHu;
  const data = resampleOntoModelGrid({ grid: modelGrid, quantity: 'HU', data: huOnModelGrid }, mrGrid, air);
  for (let n = 0; n < voxelCount(mrGrid); n++) {
    const v = data[n] as number;
    if (!Number.isFinite(v))
      throw new NumericalError(`synthetic CT has a non-finite value ${v} at MR voxel index ${n}`, {
        index: n,
      });
    data[n] = bodyMask.data[n] === 0 ? air : Math.min(hi, Math.max(lo, v));
  }
  return { grid: mrGrid, quantity: 'HU', data };
}
