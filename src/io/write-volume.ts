import { PipelineError, UnsupportedError } from '../core/errors.js';
import { validateGrid, voxelCount } from '../core/grid.js';
import { assertLength } from '../core/invariant.js';
import type { Volume } from '../core/volume.js';
import { writeFileAtomic } from './atomic-write.js';
import { gzipBytes } from './gzip.js';
import { encodeNifti } from './nifti.js';
import { volumeFileTypeOf } from './volume-format.js';

/**
 * Writes `volume` to `path` in the format its name ends with (`.nii`, `.nii.gz`, `.nrrd`, `.nhdr` + `.raw`,
 * `.mha`, `.mhd` + `.raw`), atomically (temp file + rename; for header + data pairs the data file first, so a
 * header never points at missing data). The quantity is stored as an `equidose quantity=` tag so that
 * {@link readVolume} gives it back. Voxel type, data and geometry round-trip (NIfTI geometry to float32 precision,
 * NRRD and MetaImage exactly).
 *
 * @throws UnsupportedError for an unknown extension or a volume the format cannot hold; the grid and data length
 *   are checked before anything is written.
 */
export function writeVolume(path: string, volume: Volume): void {
  try {
    validateGrid(volume.grid);
    assertLength(volume.data, voxelCount(volume.grid), `${volume.quantity} volume data`);
    const type = volumeFileTypeOf(path);
    switch (type) {
      case 'nii':
        writeFileAtomic(path, encodeNifti(volume));
        return;
      case 'nii.gz':
        writeFileAtomic(path, gzipBytes(encodeNifti(volume)));
        return;
      case undefined:
        throw new UnsupportedError(
          'unrecognised volume file type (expected .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)',
        );
      default:
        throw new UnsupportedError(`writing .${type} files is not implemented yet`);
    }
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}
