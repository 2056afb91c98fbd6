import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, PipelineError, UnsupportedError } from '../core/errors.js';
import type { Quantity, Volume } from '../core/volume.js';
import { assembleImageSeries, groupImageSeries } from './image-series.js';
import {
  type DicomFile,
  isDirectory,
  looksLikeDicomFile,
  readDicomDirectory,
  readDicomFile,
} from './parse.js';
import { rtDoseFromDicom } from './rtdose.js';

export interface ReadDicomVolumeOptions {
  /** Retag the volume (e.g. 'HU' for an sCT stored as MR); default: 'HU' for CT, 'MR' for MR, 'Gy' for RTDOSE. */
  readonly quantity?: Quantity;
  /** SeriesInstanceUID to read when a directory holds several image series. */
  readonly seriesInstanceUid?: string;
}

/**
 * True when `path` is DICOM: a file with the Part-10 marker or a raw data set, or a directory holding at least
 * one such file (checked by content, not by name).
 */
export function isDicomPath(path: string): boolean {
  if (!existsSync(path)) return false;
  if (!isDirectory(path)) return looksLikeDicomFile(path);
  return readdirSync(path).some((name) => {
    const p = join(path, name);
    return !name.startsWith('.') && !isDirectory(p) && looksLikeDicomFile(p);
  });
}

/**
 * Reads a DICOM volume: a CT/MR series (a directory, or one slice file) or an RTDOSE file (or a directory whose
 * only volume is one RTDOSE). RTSTRUCT and RTPLAN are not volumes → UnsupportedError.
 */
export function readDicomVolume(path: string, options: ReadDicomVolumeOptions = {}): Volume {
  try {
    const files = isDirectory(path) ? readDicomDirectory(path) : [readDicomFile(path)];
    const volume = volumeOf(files, path, options);
    return options.quantity === undefined ? volume : { ...volume, quantity: options.quantity };
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}

function volumeOf(files: readonly DicomFile[], path: string, options: ReadDicomVolumeOptions): Volume {
  if (groupImageSeries(files).size > 0 || options.seriesInstanceUid !== undefined) {
    return assembleImageSeries(files, options, path).volume;
  }
  const doses = files.filter((f) => f.modality === 'RTDOSE');
  if (doses.length === 1) return rtDoseFromDicom(doses[0] as DicomFile).volume;
  if (doses.length > 1)
    throw new InputError(`${doses.length} RTDOSE files: give one file, not the directory`);
  const modalities = [...new Set(files.map((f) => f.modality || '?'))].join(', ');
  throw new UnsupportedError(`no image series or RTDOSE to read as a volume (found ${modalities})`);
}
