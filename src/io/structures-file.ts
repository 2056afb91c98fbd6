import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { PlanarContour, Structure, StructureSet } from '../core/structures.js';
import type { Vec3 } from '../core/vec3.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * `structures.json`: the companion of a label-map volume (`structures.nii.gz`). Schema (version 1):
 *
 * ```json
 * { "format": "equidose-structures", "version": 1, "frameOfReferenceUid": "",
 *   "structures": [ { "label": 1, "roiNumber": 1, "name": "PTV", "type": "PTV", "colorRgb": [255, 0, 0],
 *                     "contours": [[x0, y0, z0, x1, y1, z1, ...], ...] } ] }
 * ```
 * `label` is the voxel value of the structure in the label map (0 = background). When structures overlap
 * (PTV over rectum, say) a label map can only hold one of them per voxel; the planar `contours` (patient LPS mm,
 * closed polygons, one plane each) are then the authoritative shape and the label map a convenience.
 */
export interface LabelledStructure extends Structure {
  /** Voxel value in the companion label map; 0 = not in the map (contours only). */
  readonly label: number;
}

export interface LabelledStructureSet extends StructureSet {
  readonly structures: readonly LabelledStructure[];
}

interface StructuresJsonV1 {
  format: 'equidose-structures';
  version: 1;
  frameOfReferenceUid: string;
  structures: {
    label: number;
    roiNumber: number;
    name: string;
    type: string;
    colorRgb?: [number, number, number];
    contours: number[][];
  }[];
}

/** Serialises a structure set to the JSON text above (contour coordinates rounded to 1 µm). */
export function formatStructuresJson(set: LabelledStructureSet): string {
  const json: StructuresJsonV1 = {
    format: 'equidose-structures',
    version: 1,
    frameOfReferenceUid: set.frameOfReferenceUid,
    structures: set.structures.map((s) => ({
      label: s.label,
      roiNumber: s.roiNumber,
      name: s.name,
      type: s.type,
      ...(s.colorRgb ? { colorRgb: [s.colorRgb[0], s.colorRgb[1], s.colorRgb[2]] } : {}),
      contours: s.contours.map((c) => Array.from(c.pointsLpsMm, (v) => Math.round(v * 1000) / 1000)),
    })),
  };
  return JSON.stringify(json);
}

/** Writes `structures.json` atomically. */
export function writeStructuresJson(path: string, set: LabelledStructureSet): void {
  writeFileAtomic(path, formatStructuresJson(set));
}

/** Parses and validates structures JSON text; `file` names the source in errors. */
export function parseStructuresJson(text: string, file: string): LabelledStructureSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, {}, file);
  }
  const fail = (message: string): never => {
    throw new InputError(message, {}, file);
  };
  if (typeof raw !== 'object' || raw === null) return fail('structures JSON must be an object');
  const obj = raw as Partial<StructuresJsonV1>;
  if (obj.format !== 'equidose-structures' || obj.version !== 1) {
    return fail('not an equidose structures file (expected "format": "equidose-structures", "version": 1)');
  }
  if (!Array.isArray(obj.structures)) return fail('"structures" must be an array');
  const seenLabels = new Set<number>();
  const structures = obj.structures.map((s, n): LabelledStructure => {
    const where = `structures[${n}]`;
    if (typeof s.name !== 'string' || s.name === '') fail(`${where}: "name" must be a non-empty string`);
    if (!Number.isInteger(s.label) || s.label < 0)
      fail(`${where} (${s.name}): "label" must be an integer ≥ 0`);
    if (s.label > 0 && seenLabels.has(s.label)) fail(`${where} (${s.name}): label ${s.label} is used twice`);
    seenLabels.add(s.label);
    if (!Array.isArray(s.contours)) fail(`${where} (${s.name}): "contours" must be an array`);
    const contours = s.contours.map((c, m): PlanarContour => {
      if (!Array.isArray(c) || c.length < 9 || c.length % 3 !== 0 || !c.every(Number.isFinite)) {
        fail(`${where} (${s.name}) contour ${m}: needs ≥ 3 finite x,y,z vertices`);
      }
      return { pointsLpsMm: Float64Array.from(c) };
    });
    const colorRgb: Vec3 | undefined =
      Array.isArray(s.colorRgb) && s.colorRgb.length === 3
        ? [s.colorRgb[0], s.colorRgb[1], s.colorRgb[2]]
        : undefined;
    return {
      label: s.label,
      roiNumber: Number.isInteger(s.roiNumber) ? s.roiNumber : s.label,
      name: s.name,
      type: typeof s.type === 'string' ? s.type : 'ORGAN',
      ...(colorRgb ? { colorRgb } : {}),
      contours,
    };
  });
  return {
    frameOfReferenceUid: typeof obj.frameOfReferenceUid === 'string' ? obj.frameOfReferenceUid : '',
    structures,
    warnings: [],
  };
}

/** Reads and validates `structures.json`. */
export function readStructuresJson(path: string): LabelledStructureSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : String(error),
      {},
      path,
    );
  }
  return parseStructuresJson(text, path);
}
