import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findPackageRoot } from '../cli/package-info.js';
import { InputError, PipelineError } from '../core/errors.js';
import type { StructureSet } from '../core/structures.js';
import type { Volume } from '../core/volume.js';
import { resolveHlut } from '../density/hlut-file.js';
import type { Hlut } from '../density/hlut.js';
import { isDirectory, looksLikeDicomFile } from '../dicom/parse.js';
import { type ImageSeries, type PatientStudy, readImageSeries } from '../dicom/image-series.js';
import { readRtPlan } from '../dicom/rtplan.js';
import { readRtStruct } from '../dicom/rtstruct.js';
import type { Plan } from '../dose/plan.js';
import { readPlanFile } from '../dose/plan-file.js';
import { readStructuresJson } from '../io/structures-file.js';
import { readVolume } from '../io/read-volume.js';
import { volumeFileTypeOf } from '../io/volume-format.js';

/**
 * Reading every input of `equidose validate` (the read* side of the pipeline). Each input may be DICOM (a
 * series directory or file, RTSTRUCT, RTPLAN) or a research format (NIfTI/NRRD/MetaImage volume, label map +
 * structures.json, plan.json). Nothing is written here.
 */

/** An image read from disk, with the DICOM context needed to write derived DICOM (RTDOSE) when it had one. */
export interface LoadedImage<Q extends 'HU' | 'MR'> {
  readonly volume: Volume<Q>;
  readonly path: string;
  /** Present when the image was a DICOM series. */
  readonly dicom?: ImageSeries;
}

export interface LoadedStructures {
  readonly set: StructureSet;
  /** The label map (structures.json route): voxel value = structure `label`. */
  readonly labels?: Volume<'label'>;
  /** label value per structure name (structures.json route). */
  readonly labelByName?: ReadonlyMap<string, number>;
  readonly isDicom: boolean;
}

export interface LoadedPlan {
  readonly plan: Plan;
  readonly isDicom: boolean;
  readonly frameOfReferenceUid: string;
  readonly warnings: readonly string[];
}

/** A path is DICOM when it is a directory (a series) or a file whose bytes say DICOM. */
export function isDicomPath(path: string): boolean {
  if (!existsSync(path)) throw new InputError('no such file or directory', {}, path);
  return isDirectory(path) || (volumeFileTypeOf(path) === undefined && looksLikeDicomFile(path));
}

/** Reads a CT/sCT (quantity HU) or MR image from a volume file or a DICOM series. */
export function loadImage<Q extends 'HU' | 'MR'>(path: string, quantity: Q): LoadedImage<Q> {
  if (!isDicomPath(path)) return { volume: readVolume(path, { quantity }), path };
  const series = readImageSeries(path);
  const expected = quantity === 'HU' ? 'CT' : 'MR';
  if (series.modality !== expected)
    throw new InputError(`expected a ${expected} series, found ${series.modality}`, {}, path);
  return { volume: series.volume as Volume<Q>, path, dicom: series };
}

/** The structures.json beside a label map: `<stem>.json`, else `structures.json` in the same directory. */
export function companionStructuresJson(labelsPath: string): string {
  const name = basename(labelsPath).replace(/(\.nii\.gz|\.nii|\.nrrd|\.nhdr|\.mha|\.mhd)$/i, '');
  const candidates = [
    join(dirname(labelsPath), `${name}.json`),
    join(dirname(labelsPath), 'structures.json'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new InputError(
      `a label map needs its structures.json (looked for ${candidates.map((c) => basename(c)).join(' and ')})`,
      {},
      labelsPath,
    );
  return found;
}

/** Structures: RTSTRUCT, a label map with its structures.json, or a structures.json (contours only). */
export function loadStructures(path: string): LoadedStructures {
  if (isDicomPath(path)) return { set: readRtStruct(path), isDicom: true };
  if (path.toLowerCase().endsWith('.json')) return { set: readStructuresJson(path), isDicom: false };
  const labels = readVolume(path, { quantity: 'label' });
  const set = readStructuresJson(companionStructuresJson(path));
  const labelByName = new Map(
    set.structures.filter((s) => s.label > 0).map((s) => [s.name, s.label] as const),
  );
  return { set, labels, labelByName, isDicom: false };
}

/** Plan: RTPLAN (DICOM) or plan.json. */
export function loadPlan(path: string): LoadedPlan {
  if (isDicomPath(path)) {
    const rt = readRtPlan(path);
    return {
      plan: rt.plan,
      isDicom: true,
      frameOfReferenceUid: rt.frameOfReferenceUid,
      warnings: rt.warnings,
    };
  }
  try {
    return { plan: readPlanFile(path), isDicom: false, frameOfReferenceUid: '', warnings: [] };
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}

/** HU → RED table: a built-in id or a file (the same table is used for CT and sCT). */
export const loadHlut = (nameOrPath: string | undefined): Hlut => resolveHlut(nameOrPath);

/**
 * --model: a models/<id> directory or a .onnx path; a bare id that is not a path (e.g. pix2pix-phantom-v2) names a
 * model shipped in the package's models/ folder.
 */
export function resolveModelRef(ref: string): string {
  if (existsSync(ref) || !/^[A-Za-z0-9._-]+$/.test(ref)) return ref;
  const shipped = join(findPackageRoot(), 'models', ref);
  return existsSync(shipped) ? shipped : ref;
}

/** Patient identity from the first DICOM image among the inputs, when any. */
export function patientOf(...images: (LoadedImage<'HU' | 'MR'> | undefined)[]): PatientStudy | undefined {
  return images.find((i) => i?.dicom !== undefined)?.dicom?.patientStudy;
}
