import { dirname, isAbsolute, join } from 'node:path';
import { PipelineError, UnsupportedError } from '../core/errors.js';
import { isDicomPath, readDicomVolume } from '../dicom/read-dicom-volume.js';
import type { Quantity, Volume } from '../core/volume.js';
import { valueRange } from '../core/volume.js';
import { gunzipBytes, isGzip } from './gzip.js';
import { decodeMetaImage } from './metaimage.js';
import { decodeNifti } from './nifti.js';
import { decodeNrrd } from './nrrd.js';
import { inferQuantity } from './quantity-tag.js';
import { readInputFile } from './read-input-file.js';
import { type DecodedVolume, volumeFileTypeOf } from './volume-format.js';
import { isIntegerVoxelType, voxelTypeOf } from './voxel-types.js';

export interface ReadVolumeOptions<Q extends Quantity = Quantity> {
  /** The quantity to tag the volume with; overrides the file's equidose tag and the inference. */
  readonly quantity?: Q;
}

/**
 * Reads a volume file, dispatching on its name: `.nii`, `.nii.gz` (NIfTI-1), `.nrrd`, `.nhdr` (NRRD),
 * `.mha`, `.mhd` (MetaImage); any other path that is DICOM by content (a CT/MR series directory or slice, an
 * RTDOSE file) goes to src/dicom's readDicomVolume ('HU', 'MR' or 'Gy'). Geometry comes back in patient LPS mm
 * (origin = centre of voxel 0,0,0), data in the file's voxel type (Float32/Float64 when NIfTI scl_slope/scl_inter
 * apply), i fastest.
 *
 * Quantity: `options.quantity` if given, else the file's `equidose quantity=` tag, else
 * {@link inferQuantity}'s conservative guess ('label', 'HU' or 'MR').
 *
 * @throws InputError (missing, a directory, truncated, corrupt, header/data mismatch), UnsupportedError
 *   (unknown extension, unsupported datatype or encoding), GeometryError (degenerate or sheared axes) — all
 *   with `file` set.
 */
export function readVolume<Q extends Quantity>(
  path: string,
  options: ReadVolumeOptions<Q> & { quantity: Q },
): Volume<Q>;
export function readVolume(path: string, options?: ReadVolumeOptions): Volume;
export function readVolume(path: string, options: ReadVolumeOptions = {}): Volume {
  try {
    // DICOM (a series directory, a slice, an RTDOSE; recognised by content) is read by src/dicom.
    if (volumeFileTypeOf(path) === undefined && isDicomPath(path)) {
      return readDicomVolume(path, options.quantity === undefined ? {} : { quantity: options.quantity });
    }
    const decoded = decodeVolumeFile(path);
    return { grid: decoded.grid, data: decoded.data, quantity: settleQuantity(decoded, options.quantity) };
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}

function decodeVolumeFile(path: string): DecodedVolume {
  // Inputs that are not one file of a research format (e.g. a DICOM series directory) branch off here.
  const bytes = readInputFile(path); // missing file or a directory: InputError
  const type = volumeFileTypeOf(path);
  if (type === undefined)
    throw new UnsupportedError(
      'unrecognised volume file type (expected .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)',
    );
  switch (type) {
    case 'nii':
    case 'nii.gz':
      // Gunzip by content, not name: some tools write plain bytes into .nii.gz and vice versa.
      return decodeNifti(isGzip(bytes) ? gunzipBytes(bytes, path) : bytes, path);
    case 'nrrd':
    case 'nhdr':
      return decodeNrrd(bytes, path, dataFileLoader(path));
    case 'mha':
    case 'mhd':
      return decodeMetaImage(bytes, path, dataFileLoader(path));
  }
}

/** Detached data files are named relative to their header's folder; read errors name the data file. */
const dataFileLoader =
  (headerPath: string) =>
  (name: string): { bytes: Uint8Array; path: string } => {
    const path = isAbsolute(name) ? name : join(dirname(headerPath), name);
    return { bytes: readInputFile(path), path };
  };

function settleQuantity(decoded: DecodedVolume, override: Quantity | undefined): Quantity {
  if (override !== undefined) return override;
  if (decoded.taggedQuantity !== undefined) return decoded.taggedQuantity;
  const { min, max } = valueRange(decoded.data);
  return inferQuantity(decoded.data, isIntegerVoxelType(voxelTypeOf(decoded.data)), min, max);
}
