import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import { assertSameGrid } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import { type ImageSeries, readImageSeries } from '../../dicom/image-series.js';
import { isDicomPath } from '../../dicom/read-dicom-volume.js';
import { type SourceSeries, writeSyntheticCtSeries } from '../../dicom/series-write.js';
import { readVolume } from '../../io/read-volume.js';
import { volumeFileTypeOf } from '../../io/volume-format.js';
import { writeVolume } from '../../io/write-volume.js';
import { loadModel } from '../../synthct/model-manifest.js';
import { synthesizeCtDetailed } from '../../synthct/synthesize-ct.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';
import { findPackageRoot } from '../package-info.js';
import { createProgress } from '../progress.js';

/**
 * `--model` resolution: an existing path (model directory or .onnx file) as given; otherwise a bare model id is
 * looked up in the package's own models/ folder (so `--model <id>` works from any directory).
 */
export function resolveModelRef(ref: string): string {
  if (existsSync(ref)) return ref;
  if (/^[A-Za-z0-9._-]+$/.test(ref)) {
    const shipped = join(findPackageRoot(), 'models', ref);
    if (existsSync(shipped)) return shipped;
  }
  throw new InputError(
    `model not found: ${ref} (give models/<id>, a model directory or a .onnx file)`,
    {},
    ref,
  );
}

/** Reads the body mask volume: non-zero voxels are body; it must lie on the MR grid. */
function readBodyMask(path: string, mr: Volume<'MR'>): Volume<'mask', Uint8Array> {
  const raw = readVolume(path);
  try {
    assertSameGrid(mr.grid, raw.grid, 'MR and --mask');
  } catch (error) {
    throw (error as InputError).withFile(path);
  }
  const data = Uint8Array.from(raw.data as ArrayLike<number>, (v) => (v !== 0 ? 1 : 0));
  return { grid: mr.grid, quantity: 'mask', data };
}

/** The MR from a volume file or a DICOM series (then also the series, for the sCT series' references). */
function readMr(path: string): { mr: Volume<'MR'>; source: SourceSeries | undefined } {
  if (!isDicomPath(path)) return { mr: readVolume(path, { quantity: 'MR' }), source: undefined };
  const series: ImageSeries = readImageSeries(path);
  if (series.modality !== 'MR')
    throw new InputError(`--mr is a ${series.modality} series, not MR`, { modality: series.modality }, path);
  const mr: Volume<'MR'> = { grid: series.volume.grid, quantity: 'MR', data: series.volume.data };
  return { mr, source: { ...series, grid: mr.grid } };
}

/** 'volume' (format from the --out extension) or 'dicom' (a CT series in the directory --out). */
function readFormat(values: OptionValues, out: string): 'volume' | 'dicom' {
  const format = optionalString(values, 'format') ?? 'volume';
  if (format !== 'volume' && format !== 'dicom')
    throw new UsageError(`--format must be 'volume' or 'dicom', got '${format}'`);
  if (format === 'volume' && volumeFileTypeOf(out) === undefined)
    throw new UsageError(
      `--out ${out}: unrecognised volume file type (use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd, or --format dicom)`,
    );
  return format;
}

function readThreads(values: OptionValues): number {
  const threads = optionalNumber(values, 'threads') ?? 1;
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads needs a positive integer, got ${threads}`);
  return threads;
}

/** The `equidose synth` implementation (descriptor in ./synth.ts). */
export const runSynthCommand: CommandRun = async (values, _positionals, io) => {
  const mrPath = requireString(values, 'mr');
  const out = requireString(values, 'out');
  const modelRef = resolveModelRef(requireString(values, 'model'));
  const maskPath = optionalString(values, 'mask');
  const threads = readThreads(values);
  const batchSize = optionalNumber(values, 'batch') ?? 4;
  const format = readFormat(values, out);
  // Validate every input before computing or writing anything.
  const model = loadModel(modelRef);
  const { mr, source } = readMr(mrPath);
  const bodyMask = maskPath === undefined ? undefined : readBodyMask(maskPath, mr);
  const progress = createProgress(io, 'synth');
  let result;
  try {
    result = await synthesizeCtDetailed(mr, model, {
      threads,
      batchSize,
      onProgress: progress.update,
      ...(bodyMask === undefined ? {} : { bodyMask }),
    });
  } catch (error) {
    throw error instanceof InputError && error.file === undefined ? error.withFile(mrPath) : error;
  } finally {
    progress.done();
  }
  if (format === 'dicom')
    writeSyntheticCtSeries(
      out,
      result.sct,
      source,
      `equidose synth, model ${result.modelId} sha256 ${result.modelSha256}`,
    );
  else writeVolume(out, result.sct);
  const [nx, ny, nz] = result.sct.grid.size;
  io.stdout.write(
    `wrote ${out}${format === 'dicom' ? ' (DICOM CT series)' : ''}: sCT ${nx}×${ny}×${nz} HU on the MR grid, model ${result.modelId} (sha256 ${result.modelSha256.slice(0, 12)}…), ` +
      `${result.modelGridSize[2]} slices of ${result.tensorHeightWidth[0]}×${result.tensorHeightWidth[1]} in ${(result.inferenceMs / 1000).toFixed(2)} s\n`,
  );
  return 0;
};
