import { basename, dirname, join } from 'node:path';
import { PipelineError, UnsupportedError } from '../core/errors.js';
import { validateGrid, voxelCount } from '../core/grid.js';
import { assertLength } from '../core/invariant.js';
import type { Volume } from '../core/volume.js';
import { writeFileAtomic } from './atomic-write.js';
import { gzipBytes } from './gzip.js';
import { encodeMetaImage, formatMetaImageHeader } from './metaimage.js';
import { encodeNifti } from './nifti.js';
import { encodeNrrd, encodeNrrdBody, formatNrrdHeader } from './nrrd.js';
import { type VolumeFileType, volumeFileTypeOf } from './volume-format.js';
import { encodeVoxels } from './voxel-types.js';

/** The data file written beside a detached header: `<name without extension>.raw`. */
export function detachedDataFileName(headerPath: string): string {
  return `${basename(headerPath).replace(/\.(nhdr|mhd)$/i, '')}.raw`;
}

/** Writes a header + data pair: data file first, so a header never points at a missing or partial file. */
function writePair(headerPath: string, header: string, body: Uint8Array): void {
  const dataName = detachedDataFileName(headerPath);
  writeFileAtomic(join(dirname(headerPath), dataName), body);
  writeFileAtomic(headerPath, header);
}

const WRITERS: Readonly<Record<VolumeFileType, (path: string, volume: Volume) => void>> = {
  nii: (path, volume) => writeFileAtomic(path, encodeNifti(volume)),
  'nii.gz': (path, volume) => writeFileAtomic(path, gzipBytes(encodeNifti(volume))),
  nrrd: (path, volume) => writeFileAtomic(path, encodeNrrd(volume, 'gzip')),
  nhdr: (path, volume) =>
    writePair(
      path,
      formatNrrdHeader(volume, 'raw', detachedDataFileName(path)),
      encodeNrrdBody(volume, 'raw'),
    ),
  mha: (path, volume) => writeFileAtomic(path, encodeMetaImage(volume, true)),
  mhd: (path, volume) =>
    writePair(
      path,
      formatMetaImageHeader(volume, detachedDataFileName(path)),
      encodeVoxels(volume.data, true),
    ),
};

/**
 * Writes `volume` to `path` in the format its name ends with, atomically (temp file + rename):
 * `.nii` (raw) and `.nii.gz` (gzip) NIfTI-1; `.nrrd` (gzip encoding) and `.nhdr` + `.raw` NRRD;
 * `.mha` (zlib CompressedData) and `.mhd` + `.raw` MetaImage. For header + data pairs the data file is written
 * first. The quantity is stored as an equidose tag so {@link readVolume} gives it back. Voxel type and data
 * round-trip bit-exact; geometry exactly for NRRD and MetaImage (shortest round-trip decimal text) and to
 * float32 precision for NIfTI (its header fields are float32).
 *
 * @throws UnsupportedError (unknown extension, a volume the format cannot hold) or GeometryError/InputError
 *   (invalid grid, wrong data length), with `file` set, before anything is written.
 */
export function writeVolume(path: string, volume: Volume): void {
  try {
    validateGrid(volume.grid);
    assertLength(volume.data, voxelCount(volume.grid), `${volume.quantity} volume data`);
    const type = volumeFileTypeOf(path);
    if (type === undefined)
      throw new UnsupportedError(
        'unrecognised volume file type (expected .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)',
      );
    WRITERS[type](path, volume);
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}
