import { InputError } from '../core/errors.js';
import { voxelCount } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import { computeBodyMask } from './body-mask.js';
import { type LoadedModel, loadModel } from './model-manifest.js';
import { closestGridAxis } from './model-grid.js';
import { OnnxRunner } from './onnx-runner.js';
import { huToMrGrid, stitchOutputBatch } from './postprocess.js';
import { fillSliceBatch, type NormalisationParams, prepareModelInput } from './preprocess.js';

/** Options of synthesizeCt. */
export interface SynthesizeCtOptions {
  /** onnxruntime intra-op threads (default 1). */
  readonly threads?: number;
  /** Slices per inference call (default 4; forced to the manifest's batch when that is fixed). */
  readonly batchSize?: number;
  /** Body mask on the MR grid (non-zero = body); default: the manifest's automatic mask from the MR. */
  readonly bodyMask?: Volume<'mask'>;
  /** Called with the fraction of slices done (0..1) after each batch. */
  readonly onProgress?: (fractionDone: number) => void;
}

/** The sCT plus what produced it (for reports and provenance). */
export interface SynthesizeCtResult {
  /** Synthetic CT in HU on the MR's grid (same Grid3 object: geometry and frame of reference). */
  readonly sct: Volume<'HU', Float32Array>;
  /** The body mask used (given or automatic), on the MR grid. */
  readonly bodyMask: Volume<'mask'>;
  readonly modelId: string;
  readonly modelSha256: string;
  readonly normalisation: Pick<NormalisationParams, 'lowMr' | 'highMr'>;
  /** Model-grid size [nx, ny, nz] and tensor in-plane size [H, W] the network ran on. */
  readonly modelGridSize: readonly [number, number, number];
  readonly tensorHeightWidth: readonly [number, number];
  /** Wall time spent inside onnxruntime, ms. */
  readonly inferenceMs: number;
}

/**
 * Stage entry: MR → synthetic CT with an ONNX generator described by a manifest.
 * MR → (body mask) → normalise per manifest → resample to the model grid → batched 2.5D slice inference →
 * stitch → back to the MR grid → HU clip → outside body = air. Pure in its inputs (reads only the model).
 * Throws InputError (bad model/manifest/MR, no body signal), GeometryError (mask grid ≠ MR grid),
 * NumericalError (NaN/Inf from the network).
 */
export async function synthesizeCtDetailed(
  mr: Volume<'MR'>,
  modelRef: string | LoadedModel,
  options: SynthesizeCtOptions = {},
): Promise<SynthesizeCtResult> {
  const model = typeof modelRef === 'string' ? loadModel(modelRef) : modelRef;
  const { manifest } = model;
  const sliceAxis = closestGridAxis(mr.grid, manifest.modelGrid.sliceDirection);
  const bodyMask = options.bodyMask ?? computeBodyMask(mr, manifest.bodyMask, sliceAxis);
  if (options.bodyMask !== undefined && !bodyMask.data.some((v) => v !== 0))
    throw new InputError('the body mask is empty');
  const input = prepareModelInput(mr, bodyMask, manifest);
  const requested = options.batchSize ?? 4;
  if (!Number.isInteger(requested) || requested < 1)
    throw new InputError(`batch size must be a positive integer, got ${requested}`);
  const batch = manifest.input.batch === 'dynamic' ? requested : manifest.input.batch;
  const runner = await OnnxRunner.create(
    model,
    options.threads === undefined ? {} : { threads: options.threads },
  );
  const nz = input.modelGrid.size[2];
  const huModel = new Float32Array(voxelCount(input.modelGrid));
  const { channels } = manifest.input;
  let inferenceMs = 0;
  try {
    for (let k0 = 0; k0 < nz; k0 += batch) {
      // A fixed-batch model always gets full batches; the extra slices are clamped repeats, then ignored.
      const count = Math.min(batch, nz - k0);
      const fed = manifest.input.batch === 'dynamic' ? count : batch;
      const tensor = fillSliceBatch(input, k0, fed, manifest.modelGrid.neighbourSlices);
      const t0 = performance.now();
      const out = await runner.run(tensor, [fed, channels, input.tensorHeight, input.tensorWidth]);
      inferenceMs += performance.now() - t0;
      stitchOutputBatch(huModel, out, k0, count, input, manifest.outputToHu);
      options.onProgress?.((k0 + count) / nz);
    }
  } finally {
    await runner.dispose();
  }
  const sct = huToMrGrid(huModel, input.modelGrid, mr.grid, bodyMask, manifest);
  return {
    sct,
    bodyMask,
    modelId: manifest.id,
    modelSha256: manifest.onnx.sha256,
    normalisation: { lowMr: input.normalisation.lowMr, highMr: input.normalisation.highMr },
    modelGridSize: input.modelGrid.size,
    tensorHeightWidth: [input.tensorHeight, input.tensorWidth],
    inferenceMs,
  };
}

/** Stage entry, volume only: see synthesizeCtDetailed. The sCT has the MR's geometry and frame of reference. */
export async function synthesizeCt(
  mr: Volume<'MR'>,
  modelRef: string | LoadedModel,
  options: SynthesizeCtOptions = {},
): Promise<Volume<'HU', Float32Array>> {
  return (await synthesizeCtDetailed(mr, modelRef, options)).sct;
}
