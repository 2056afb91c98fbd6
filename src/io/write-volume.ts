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

/**
 * Data-file suffix per detached-header format, as each format's reference writer names it: teem (ITK's
 * NrrdImageIO, 3D Slicer) names gzip-encoded NRRD data `<base>.raw.gz`, and ITK's MetaImageIO names uncompressed
 * MetaImage data `<base>.raw`. Detached NRRD data is gzip-encoded (like our `.nrrd`, and Slicer's default) so that
 * the two names differ: `x.nhdr` and `x.mhd` written into one folder once shared, and silently overwrote, one
 * `x.raw` (ITK does the same when it writes both uncompressed).
 */
const DETACHED_DATA_SUFFIX = { nhdr: '.raw.gz', mhd: '.raw' } as const;

/**
 * The data file written beside a detached header: `<base>.raw.gz` for `.nhdr` (gzip encoding), `<base>.raw`
 * for `.mhd`. Readers follow the name in the header (`data file:` / `ElementDataFile`), whatever it is.
 */
export function detachedDataFileName(headerPath: string): string {
  const name = basename(headerPath);
  const format = /\.nhdr$/i.test(name) ? 'nhdr' : 'mhd';
  return `${name.replace(/\.(nhdr|mhd)$/i, '')}${DETACHED_DATA_SUFFIX[format]}`;
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
      formatNrrdHeader(volume, 'gzip', detachedDataFileName(path)),
      encodeNrrdBody(volume, 'gzip'),
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
 * `.nii` (raw) and `.nii.gz` (gzip) NIfTI-1; `.nrrd` and `.nhdr` + `.raw.gz` NRRD (gzip encoding);
 * `.mha` (zlib CompressedData) and `.mhd` + `.raw` (uncompressed) MetaImage. For header + data pairs the data file is written
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
