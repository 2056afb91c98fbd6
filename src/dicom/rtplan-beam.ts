import { InputError, UnsupportedError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';
import type { Beam, JawsMm, MlcAperture } from '../dose/plan.js';
import {
  type NaturalDataset,
  numbers,
  optNumber,
  optString,
  reqNumber,
  reqVec3,
  sequence,
} from './dataset.js';

/**
 * One RTPLAN photon beam (BeamSequence item) → static fields for the dose engine.
 *
 * DICOM stores control points cumulatively: an attribute absent from a control point keeps its previous value.
 * Segment n runs from control point n to n+1 and delivers (w[n+1] − w[n]) / FinalCumulativeMetersetWeight ×
 * BeamMeterset MU. When nothing moves across the segment (static beams, step-and-shoot), the field is exact.
 * When the gantry, collimator, couch, jaws or leaves move (arcs, dynamic MLC), the segment is sampled as one
 * static field at its midpoint (angles by the shorter arc, positions averaged): an approximation that the caller
 * reports in `warnings`. Angles are IEC 61217 as stored: GantryAngle, BeamLimitingDeviceAngle (collimator),
 * PatientSupportAngle (couch). Jaw and leaf positions are in mm at the isocentre plane, as DICOM defines them.
 */

interface ControlPointState {
  gantryDeg: number;
  collimatorDeg: number;
  couchDeg: number;
  isocenterMm: Vec3;
  jawX?: [number, number];
  jawY?: [number, number];
  leaves?: number[];
  weight: number;
}

export interface BeamConversion {
  readonly fields: Beam[];
  readonly warnings: string[];
  readonly controlPointCount: number;
  readonly nominalEnergyMV: number | undefined;
}

/** Tolerance for "did this move between control points": 1 µm / 1e-6 degree. */
const MOVE_TOLERANCE = 1e-6;

function refuseUnsupported(beam: NaturalDataset, label: string): void {
  const radiation = optString(beam, 'RadiationType') ?? 'PHOTON';
  if (radiation !== 'PHOTON')
    throw new UnsupportedError(`beam ${label}: RadiationType ${radiation} is not supported (photons only)`);
  const count = (k: string, seq: string): number =>
    Math.max(optNumber(beam, k) ?? 0, sequence(beam, seq).length);
  if (count('NumberOfWedges', 'WedgeSequence') > 0)
    throw new UnsupportedError(`beam ${label}: wedges are not supported`);
  if (count('NumberOfBlocks', 'BlockSequence') > 0)
    throw new UnsupportedError(`beam ${label}: blocks are not supported`);
  if (count('NumberOfCompensators', 'CompensatorSequence') > 0) {
    throw new UnsupportedError(`beam ${label}: compensators are not supported`);
  }
  if (sequence(beam, 'ApplicatorSequence').length > 0)
    throw new UnsupportedError(`beam ${label}: applicators (electron cones) are not supported`);
}

function leafBoundaries(beam: NaturalDataset, label: string): number[] | undefined {
  let boundaries: number[] | undefined;
  for (const device of sequence(beam, 'BeamLimitingDeviceSequence')) {
    const type = optString(device, 'RTBeamLimitingDeviceType') ?? '';
    if (type === 'MLCY')
      throw new UnsupportedError(`beam ${label}: MLCY (leaves moving along collimator Y) is not supported`);
    if (type !== 'MLCX') continue;
    boundaries = numbers(device, 'LeafPositionBoundaries');
    const pairs = reqNumber(device, 'NumberOfLeafJawPairs');
    if (boundaries.length !== pairs + 1) {
      throw new InputError(
        `beam ${label}: MLCX has ${pairs} leaf pairs but ${boundaries.length} LeafPositionBoundaries`,
      );
    }
  }
  return boundaries;
}

function applyControlPoint(
  state: Partial<ControlPointState>,
  cp: NaturalDataset,
  label: string,
  pairs: number | undefined,
): void {
  const gantryDeg = optNumber(cp, 'GantryAngle');
  const collimatorDeg = optNumber(cp, 'BeamLimitingDeviceAngle');
  const couchDeg = optNumber(cp, 'PatientSupportAngle');
  if (gantryDeg !== undefined) state.gantryDeg = gantryDeg;
  if (collimatorDeg !== undefined) state.collimatorDeg = collimatorDeg;
  if (couchDeg !== undefined) state.couchDeg = couchDeg;
  const eccentric = optNumber(cp, 'TableTopEccentricAngle') ?? 0;
  if (Math.abs(eccentric) > MOVE_TOLERANCE) {
    throw new UnsupportedError(`beam ${label}: TableTopEccentricAngle ${eccentric}° is not supported`);
  }
  if (optNumber(cp, 'IsocenterPosition') !== undefined) state.isocenterMm = reqVec3(cp, 'IsocenterPosition');
  if (optNumber(cp, 'CumulativeMetersetWeight') !== undefined)
    state.weight = reqNumber(cp, 'CumulativeMetersetWeight');
  for (const device of sequence(cp, 'BeamLimitingDevicePositionSequence'))
    applyDevice(state, device, label, pairs);
}

function applyDevice(
  state: Partial<ControlPointState>,
  device: NaturalDataset,
  label: string,
  pairs: number | undefined,
): void {
  const type = optString(device, 'RTBeamLimitingDeviceType') ?? '';
  const positions = numbers(device, 'LeafJawPositions');
  if (type === 'X' || type === 'ASYMX' || type === 'Y' || type === 'ASYMY') {
    if (positions.length !== 2)
      throw new InputError(`beam ${label}: ${type} jaw needs 2 positions, found ${positions.length}`);
    const pair: [number, number] = [positions[0] as number, positions[1] as number];
    if (type.endsWith('X')) state.jawX = pair;
    else state.jawY = pair;
  } else if (type === 'MLCX') {
    if (pairs === undefined || positions.length !== 2 * pairs) {
      throw new InputError(
        `beam ${label}: MLCX has ${positions.length} leaf positions, expected ${2 * (pairs ?? 0)}`,
      );
    }
    state.leaves = positions;
  } else {
    throw new UnsupportedError(`beam ${label}: beam limiting device ${type} is not supported`);
  }
}

function completeState(s: Partial<ControlPointState>, label: string, index: number): ControlPointState {
  const missing = (['gantryDeg', 'collimatorDeg', 'couchDeg', 'isocenterMm', 'weight'] as const).filter(
    (k) => s[k] === undefined,
  );
  if (missing.length > 0)
    throw new InputError(
      `beam ${label}: control point ${index} lacks ${missing.join(', ')} (not set by any earlier control point)`,
    );
  return { ...(s as ControlPointState), ...(s.leaves ? { leaves: [...s.leaves] } : {}) };
}

const angleDelta = (a: number, b: number): number => ((((b - a) % 360) + 540) % 360) - 180;
const midAngle = (a: number, b: number): number => (((a + angleDelta(a, b) / 2) % 360) + 360) % 360;
const mid = (a: number, b: number): number => (a + b) / 2;

function moved(a: ControlPointState, b: ControlPointState): boolean {
  const angles = [
    angleDelta(a.gantryDeg, b.gantryDeg),
    angleDelta(a.collimatorDeg, b.collimatorDeg),
    angleDelta(a.couchDeg, b.couchDeg),
  ];
  const lists: [readonly number[] | undefined, readonly number[] | undefined][] = [
    [a.jawX, b.jawX],
    [a.jawY, b.jawY],
    [a.leaves, b.leaves],
    [a.isocenterMm, b.isocenterMm],
  ];
  return (
    angles.some((d) => Math.abs(d) > MOVE_TOLERANCE) ||
    lists.some(([p, q]) => (p ?? []).some((v, n) => Math.abs(v - ((q ?? [])[n] ?? v)) > MOVE_TOLERANCE))
  );
}

function interpolate(a: ControlPointState, b: ControlPointState): ControlPointState {
  const pair = (p?: [number, number], q?: [number, number]): [number, number] | undefined =>
    p && q ? [mid(p[0], q[0]), mid(p[1], q[1])] : p;
  const jawX = pair(a.jawX, b.jawX);
  const jawY = pair(a.jawY, b.jawY);
  return {
    gantryDeg: midAngle(a.gantryDeg, b.gantryDeg),
    collimatorDeg: midAngle(a.collimatorDeg, b.collimatorDeg),
    couchDeg: midAngle(a.couchDeg, b.couchDeg),
    isocenterMm: a.isocenterMm,
    ...(jawX ? { jawX } : {}),
    ...(jawY ? { jawY } : {}),
    ...(a.leaves ? { leaves: a.leaves.map((v, n) => mid(v, (b.leaves ?? a.leaves ?? [])[n] ?? v)) } : {}),
    weight: a.weight,
  };
}

/** Jaws, taking a missing jaw pair from the MLC's extent (X: leaf travel, Y: leaf boundaries). */
function apertureOf(
  s: ControlPointState,
  boundaries: number[] | undefined,
  label: string,
): { jawsMm: JawsMm; mlc?: MlcAperture } {
  let mlc: MlcAperture | undefined;
  if (s.leaves && boundaries) {
    const n = boundaries.length - 1;
    const leafPairsMm = Array.from({ length: n }, (_, i): [number, number] => [
      s.leaves?.[i] as number,
      s.leaves?.[i + n] as number,
    ]);
    mlc = { leafBoundariesMm: boundaries, leafPairsMm };
  }
  const x =
    s.jawX ??
    (mlc
      ? [Math.min(...mlc.leafPairsMm.map((p) => p[0])), Math.max(...mlc.leafPairsMm.map((p) => p[1]))]
      : undefined);
  const y =
    s.jawY ??
    (boundaries ? [boundaries[0] as number, boundaries[boundaries.length - 1] as number] : undefined);
  if (!x || !y) throw new UnsupportedError(`beam ${label}: no jaws or MLC define the field`);
  return { jawsMm: { x1: x[0], x2: x[1], y1: y[0], y2: y[1] }, ...(mlc ? { mlc } : {}) };
}

/** Converts one beam with its BeamMeterset (MU) into static fields. */
export function convertBeam(beam: NaturalDataset, beamMetersetMu: number): BeamConversion {
  const number = optNumber(beam, 'BeamNumber');
  const name = optString(beam, 'BeamName') ?? `beam ${number ?? '?'}`;
  const label = `${number ?? '?'} '${name}'`;
  refuseUnsupported(beam, label);
  const boundaries = leafBoundaries(beam, label);
  const cps = sequence(beam, 'ControlPointSequence');
  if (cps.length < 2)
    throw new InputError(`beam ${label}: ${cps.length} control points, at least 2 are needed`);
  const state: Partial<ControlPointState> = {};
  const states = cps.map((cp, n) => {
    applyControlPoint(state, cp, label, boundaries ? boundaries.length - 1 : undefined);
    return completeState(state, label, n);
  });
  const finalWeight =
    optNumber(beam, 'FinalCumulativeMetersetWeight') ??
    (states[states.length - 1] as ControlPointState).weight;
  if (!(finalWeight > 0))
    throw new InputError(`beam ${label}: FinalCumulativeMetersetWeight ${finalWeight} must be > 0`);
  const fields: Beam[] = [];
  let sampled = 0;
  for (let n = 0; n + 1 < states.length; n++) {
    const a = states[n] as ControlPointState;
    const b = states[n + 1] as ControlPointState;
    const dWeight = b.weight - a.weight;
    if (dWeight < -MOVE_TOLERANCE * finalWeight)
      throw new InputError(`beam ${label}: CumulativeMetersetWeight decreases at control point ${n + 1}`);
    if (dWeight <= MOVE_TOLERANCE * finalWeight) continue;
    const dynamic = moved(a, b);
    if (dynamic) sampled++;
    const s = dynamic ? interpolate(a, b) : a;
    fields.push({
      name: states.length === 2 ? name : `${name} [cp ${n}→${n + 1}]`,
      gantryDeg: s.gantryDeg,
      collimatorDeg: s.collimatorDeg,
      couchDeg: s.couchDeg,
      isocenterMm: s.isocenterMm,
      ...apertureOf(s, boundaries, label),
      mu: (dWeight / finalWeight) * beamMetersetMu,
    });
  }
  const warnings =
    sampled > 0
      ? [
          `beam ${label} (${optString(beam, 'BeamType') ?? '?'}): ${sampled} of ${states.length - 1} control-point intervals move (arc or dynamic MLC) and are approximated as static fields at their midpoints`,
        ]
      : [];
  return {
    fields,
    warnings,
    controlPointCount: cps.length,
    nominalEnergyMV: optNumber(cps[0] as NaturalDataset, 'NominalBeamEnergy'),
  };
}
