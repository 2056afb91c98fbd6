import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { NaturalDataset } from './dataset.js';
import { encodeDicomPart10 } from './dcmjs-io.js';
import type { PatientStudy } from './image-series.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, deriveUid } from './uid.js';

/** Software name written into Manufacturer / SoftwareVersions of every object equidose creates. */
export const EQUIDOSE_MANUFACTURER = 'equidose';

/** Part-10 bytes of a data set: File Meta built from its SOP Class/Instance UIDs. */
export function encodeInstance(
  dataset: NaturalDataset & { SOPClassUID: string; SOPInstanceUID: string },
): Uint8Array {
  return encodeDicomPart10(
    {
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: dataset.SOPClassUID,
      MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
      ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
      _vrMap: { FileMetaInformationVersion: 'OB' },
    },
    dataset,
  );
}

/**
 * Patient and General Study module attributes: copied from the source when known; otherwise an anonymous
 * patient and a new study whose UID derives from `seed`.
 */
export function patientStudyModule(source: PatientStudy | undefined, seed: string): NaturalDataset {
  const s = source ?? ANONYMOUS;
  return {
    PatientName: s.patientName,
    PatientID: s.patientId,
    PatientBirthDate: s.patientBirthDate,
    PatientSex: s.patientSex,
    StudyInstanceUID: s.studyInstanceUid || deriveUid('study', seed),
    StudyID: s.studyId,
    StudyDate: s.studyDate,
    StudyTime: s.studyTime,
    ReferringPhysicianName: '',
    AccessionNumber: '',
  };
}

const ANONYMOUS: PatientStudy = {
  patientName: '',
  patientId: '',
  patientBirthDate: '',
  patientSex: '',
  studyInstanceUid: '',
  studyId: '',
  studyDate: '',
  studyTime: '',
};

/** DICOM DA and TM of a date (UTC), or '' when absent (type-2 attributes stay empty for reproducible bytes). */
export function dicomDateTime(at: Date | undefined): { date: string; time: string } {
  if (!at) return { date: '', time: '' };
  const iso = at.toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}

/**
 * Writes several files into a new directory atomically: all into a hidden sibling temp directory, then one
 * rename. `dir` must not exist or be empty, so a failed run leaves nothing behind and never mixes series.
 */
export function writeDirectoryAtomic(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new InputError('output directory exists and is not empty; choose a new directory', {}, dir);
  }
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.equidose-tmp-${randomBytes(6).toString('hex')}-${basename(dir)}`);
  try {
    mkdirSync(tmp);
    for (const [name, bytes] of files) writeFileSync(join(tmp, name), bytes);
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
