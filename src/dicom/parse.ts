import { closeSync, openSync, readSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, PipelineError } from '../core/errors.js';
import { type NaturalDataset, optString } from './dataset.js';
import { decodeDicomBytes, hasPart10Marker, sniffRawSyntax } from './dcmjs-io.js';

/** One DICOM file, parsed. */
export interface DicomFile {
  /** Path it was read from (for error messages). */
  readonly file: string;
  readonly dataset: NaturalDataset;
  readonly transferSyntaxUid: string;
  /** Modality (0008,0060), e.g. 'CT', 'MR', 'RTSTRUCT', 'RTPLAN', 'RTDOSE'; '' when absent. */
  readonly modality: string;
  /** SOP Class UID, '' when absent. */
  readonly sopClassUid: string;
  readonly hasPart10Header: boolean;
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : String(error);
    throw new InputError(what, {}, path);
  }
}

/** Parses DICOM bytes already in memory; `file` names them in errors. */
export function parseDicomBytes(bytes: Uint8Array, file: string): DicomFile {
  try {
    const decoded = decodeDicomBytes(bytes);
    const sopClassUid =
      optString(decoded.dataset, 'SOPClassUID') ?? optString(decoded.meta, 'MediaStorageSOPClassUID') ?? '';
    return {
      file,
      dataset: decoded.dataset,
      transferSyntaxUid: decoded.transferSyntaxUid,
      modality: optString(decoded.dataset, 'Modality') ?? '',
      sopClassUid,
      hasPart10Header: decoded.hasPart10Header,
    };
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(file) : error;
  }
}

/**
 * Reads and parses one DICOM file: Part-10 (preamble + "DICM") or a raw little-endian data set.
 * Throws InputError (with `file`) for a missing, truncated or non-DICOM file.
 */
export function readDicomFile(path: string): DicomFile {
  return parseDicomBytes(readBytes(path), path);
}

/** True when the file's first bytes look like DICOM (Part-10 marker, or a plausible raw data set). */
export function looksLikeDicomFile(path: string): boolean {
  const head = new Uint8Array(132);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    // A raw data set's first element length is checked against the whole file, not just these bytes.
    return hasPart10Marker(bytes) || sniffRawSyntax(bytes, statSync(path).size) !== undefined;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when `path` is a directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every DICOM file of a directory (not recursive), parsed, in name order. Files that do not look like DICOM
 * at all (README, .DS_Store) are skipped; a file that looks like DICOM but does not parse is an error.
 */
export function readDicomDirectory(dir: string): DicomFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new InputError(
      `cannot list directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      {},
      dir,
    );
  }
  const files: DicomFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (name.startsWith('.') || isDirectory(path) || !looksLikeDicomFile(path)) continue;
    files.push(readDicomFile(path));
  }
  if (files.length === 0) throw new InputError('directory holds no DICOM files', {}, dir);
  return files;
}

/** Reads a file, a directory, or a list of files/directories into parsed DICOM files. */
export function readDicomInputs(paths: readonly string[]): DicomFile[] {
  return paths.flatMap((p) => (isDirectory(p) ? readDicomDirectory(p) : [readDicomFile(p)]));
}
