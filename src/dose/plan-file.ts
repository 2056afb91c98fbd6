import { readFileSync } from 'node:fs';
import { InputError, PipelineError, UnsupportedError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';
import { SUPPORTED_PATIENT_POSITIONS } from './beam-geometry.js';
import {
  type Beam,
  type JawsMm,
  type MlcAperture,
  PATIENT_POSITIONS,
  type PatientPosition,
  type Plan,
} from './plan.js';

/**
 * The plan JSON format (docs/plan-format.md): strict by default — unknown keys, wrong types, non-finite numbers,
 * inverted jaws, malformed MLCs and unsupported patient positions are refused with a message that names the
 * field (e.g. `beams[2].jawsMm.x1`).
 */

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Json, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(o))
    if (!allowed.includes(key))
      throw new InputError(`${where}: unknown field '${key}' (allowed: ${allowed.join(', ')})`);
}

function finite(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`${where} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function parseJaws(v: unknown, where: string): JawsMm {
  if (!isObject(v))
    throw new InputError(`${where} must be an object {x1, x2, y1, y2} (mm at the isocentre plane)`);
  onlyKeys(v, ['x1', 'x2', 'y1', 'y2'], where);
  const j = {
    x1: finite(v.x1, `${where}.x1`),
    x2: finite(v.x2, `${where}.x2`),
    y1: finite(v.y1, `${where}.y1`),
    y2: finite(v.y2, `${where}.y2`),
  };
  if (!(j.x1 < j.x2)) throw new InputError(`${where}: x1 (${j.x1}) must be < x2 (${j.x2})`);
  if (!(j.y1 < j.y2)) throw new InputError(`${where}: y1 (${j.y1}) must be < y2 (${j.y2})`);
  return j;
}

function parseMlc(v: unknown, where: string): MlcAperture {
  if (!isObject(v)) throw new InputError(`${where} must be an object {leafBoundariesMm, leafPairsMm}`);
  onlyKeys(v, ['leafBoundariesMm', 'leafPairsMm'], where);
  if (!Array.isArray(v.leafBoundariesMm) || !Array.isArray(v.leafPairsMm))
    throw new InputError(`${where}: leafBoundariesMm and leafPairsMm must be arrays`);
  const b = v.leafBoundariesMm.map((x, n) => finite(x, `${where}.leafBoundariesMm[${n}]`));
  b.forEach((x, n) => {
    if (n > 0 && !(x > (b[n - 1] as number)))
      throw new InputError(`${where}.leafBoundariesMm must increase (index ${n})`);
  });
  const pairs = v.leafPairsMm.map((p, n): readonly [number, number] => {
    if (!Array.isArray(p) || p.length !== 2)
      throw new InputError(`${where}.leafPairsMm[${n}] must be [xA, xB]`);
    const xa = finite(p[0], `${where}.leafPairsMm[${n}][0]`);
    const xb = finite(p[1], `${where}.leafPairsMm[${n}][1]`);
    if (xa > xb)
      throw new InputError(`${where}.leafPairsMm[${n}]: xA (${xa}) > xB (${xb}) — leaves would collide`);
    return [xa, xb];
  });
  if (b.length !== pairs.length + 1)
    throw new InputError(
      `${where}: ${pairs.length} leaf pairs need ${pairs.length + 1} boundaries, got ${b.length}`,
    );
  return { leafBoundariesMm: b, leafPairsMm: pairs };
}

function parseVec3(v: unknown, where: string): Vec3 {
  if (!Array.isArray(v) || v.length !== 3) throw new InputError(`${where} must be [x, y, z] (LPS mm)`);
  return [finite(v[0], `${where}[0]`), finite(v[1], `${where}[1]`), finite(v[2], `${where}[2]`)];
}

const BEAM_KEYS = ['name', 'gantryDeg', 'collimatorDeg', 'couchDeg', 'isocenterMm', 'jawsMm', 'mlc', 'mu'];

function parseBeam(v: unknown, where: string): Beam {
  if (!isObject(v)) throw new InputError(`${where} must be an object`);
  onlyKeys(v, BEAM_KEYS, where);
  if (typeof v.name !== 'string' || v.name === '')
    throw new InputError(`${where}.name must be a non-empty string`);
  const mu = finite(v.mu, `${where}.mu`);
  if (!(mu >= 0)) throw new InputError(`${where}.mu must be ≥ 0, got ${mu}`);
  const beam: Beam = {
    name: v.name,
    gantryDeg: finite(v.gantryDeg, `${where}.gantryDeg`),
    collimatorDeg: v.collimatorDeg === undefined ? 0 : finite(v.collimatorDeg, `${where}.collimatorDeg`),
    couchDeg: v.couchDeg === undefined ? 0 : finite(v.couchDeg, `${where}.couchDeg`),
    isocenterMm: parseVec3(v.isocenterMm, `${where}.isocenterMm`),
    jawsMm: parseJaws(v.jawsMm, `${where}.jawsMm`),
    mu,
    ...(v.mlc === undefined ? {} : { mlc: parseMlc(v.mlc, `${where}.mlc`) }),
  };
  return beam;
}

/** Validates and types a plan object (e.g. parsed JSON). Throws InputError / UnsupportedError naming the field. */
export function parsePlan(json: unknown): Plan {
  if (!isObject(json)) throw new InputError('plan must be a JSON object');
  onlyKeys(json, ['machine', 'patientPosition', 'prescriptionGy', 'beams'], 'plan');
  if (typeof json.machine !== 'string' || json.machine === '')
    throw new InputError('plan.machine must be a machine id string, e.g. "generic-6MV"');
  let position: PatientPosition = 'HFS';
  if (json.patientPosition !== undefined) {
    if (!PATIENT_POSITIONS.includes(json.patientPosition as PatientPosition))
      throw new InputError(
        `plan.patientPosition must be one of ${PATIENT_POSITIONS.join(', ')}, got ${JSON.stringify(json.patientPosition)}`,
      );
    position = json.patientPosition as PatientPosition;
  }
  if (!Array.isArray(json.beams) || json.beams.length === 0)
    throw new InputError('plan.beams must be a non-empty array');
  const beams = json.beams.map((b, n) => parseBeam(b, `beams[${n}]`));
  const plan: Plan = {
    machine: json.machine,
    patientPosition: position,
    beams,
    ...(json.prescriptionGy === undefined
      ? {}
      : { prescriptionGy: finite(json.prescriptionGy, 'plan.prescriptionGy') }),
  };
  validatePlan(plan);
  return plan;
}

/** Checks a typed plan (also ones built in code): beams, unique names, supported patient position. */
export function validatePlan(plan: Plan): void {
  if (plan.beams.length === 0) throw new InputError('plan has no beams');
  const position = plan.patientPosition ?? 'HFS';
  if (!SUPPORTED_PATIENT_POSITIONS.includes(position))
    throw new UnsupportedError(
      `patient position ${position} is not supported by the dose engine (supported: ${SUPPORTED_PATIENT_POSITIONS.join(', ')})`,
      { patientPosition: position },
    );
  const names = new Set<string>();
  for (const b of plan.beams) {
    if (names.has(b.name)) throw new InputError(`beam name '${b.name}' is used twice`);
    names.add(b.name);
    if (!(b.mu >= 0) || !Number.isFinite(b.mu))
      throw new InputError(`beam '${b.name}': mu must be a finite number ≥ 0`);
  }
}

/** Reads and validates a plan JSON file; errors carry the file path. */
export function readPlanFile(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read plan: ${(error as Error).message}`, {}, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`plan is not valid JSON: ${(error as Error).message}`, {}, path);
  }
  try {
    return parsePlan(json);
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}
