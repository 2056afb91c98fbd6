import type { Quantity } from '../../core/volume.js';
import { type VolumeInfo, describeVolume, volumeInfoRows } from '../../io/describe-volume.js';
import { parseQuantity } from '../../io/quantity-tag.js';
import { readVolume } from '../../io/read-volume.js';
import { FORMAT_NAMES, volumeFileTypeOf } from '../../io/volume-format.js';
import { type CommandRun, optionalString } from '../command.js';
import { type DicomObjectInfo, describeDicom, formatDicomInfo } from '../../dicom/dicom-info.js';
import { isDicomPath } from '../../dicom/read-dicom-volume.js';
import { UsageError } from '../../core/errors.js';

/** DICOM inputs: every object found (series, RTSTRUCT, RTPLAN, RTDOSE), see src/dicom/dicom-info.ts. */
export interface DicomInputInfo {
  readonly format: 'DICOM';
  readonly objects: readonly DicomObjectInfo[];
}

/** What `equidose info` reports about one input: JSON-able. Other input kinds (DICOM) add members here. */
export type InputInfo = VolumeInfo | DicomInputInfo;

/**
 * Reads and summarises one input. Research volume files (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd) give a
 * VolumeInfo; new input kinds add a branch here (before the volume fallback) and a member to InputInfo.
 */
export function describeInput(path: string, quantity?: Quantity): InputInfo {
  if (volumeFileTypeOf(path) === undefined && isDicomPath(path))
    return { format: 'DICOM', objects: describeDicom(path) };
  const volume = quantity === undefined ? readVolume(path) : readVolume(path, { quantity });
  const type = volumeFileTypeOf(path);
  return describeVolume(volume, type === undefined ? 'unknown' : FORMAT_NAMES[type]);
}

/** The human-readable table: one aligned `label  value` line per row. */
export function formatInputInfo(path: string, info: InputInfo): string {
  if ('objects' in info) return `file  ${path}\n${formatDicomInfo(info.objects)}`;
  const rows: [string, string][] = [['file', path], ...volumeInfoRows(info)];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}

/** The `equidose info` implementation (descriptor in ./info.ts). */
export const runInfoCommand: CommandRun = async (values, positionals, io) => {
  if (positionals.length !== 1)
    throw new UsageError(`info needs exactly one file, got ${positionals.length} (see equidose info --help)`);
  const path = positionals[0] as string;
  const quantityText = optionalString(values, 'quantity');
  const info = describeInput(path, quantityText === undefined ? undefined : parseQuantity(quantityText));
  io.stdout.write(values.json === true ? `${JSON.stringify(info)}\n` : formatInputInfo(path, info));
  return 0;
};
