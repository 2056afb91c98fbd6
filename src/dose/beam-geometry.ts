import { UnsupportedError } from '../core/errors.js';
import { add3, cross3, scale3, type Vec3 } from '../core/vec3.js';
import type { Beam, PatientPosition } from './plan.js';

/**
 * IEC 61217 beam geometry → patient LPS. Frames (all right-handed, origin at the isocentre):
 * - IEC fixed (f): +Xf to the right of an observer at the couch foot facing the gantry, +Yf towards the gantry,
 *   +Zf up.
 * - gantry (g): the fixed frame rotated by the gantry angle θ about +Yf (right-hand rule, i.e. clockwise seen from
 *   the isocentre looking at the gantry); the source sits at +Zg · SAD. θ = 90° puts the source at +Xf.
 * - beam-limiting device (b): the gantry frame rotated by the collimator angle φ about +Zg (counter-clockwise
 *   seen from the source). Jaw X1/X2 and MLC leaf positions are along +Xb, Y1/Y2 and leaf boundaries along +Yb.
 * - patient support (s): the fixed frame rotated by the couch angle ψ about +Zf (counter-clockwise seen from
 *   above). The patient moves with the couch, so a fixed-frame vector v has support coordinates Rz(−ψ)·v.
 * - patient LPS from support coordinates depends on the patient position (DICOM PS3.3 C.7.3.1.1.2):
 *   HFS (Xs, Ys, Zs) → (L, S, A), i.e. LPS = (Xs, −Zs, Ys); HFP LPS = (−Xs, Zs, Ys); FFS LPS = (−Xs, −Zs, −Ys);
 *   FFP LPS = (Xs, Zs, −Ys). Decubitus positions are refused.
 */

/** Where the beam comes from and how its aperture is oriented, in patient LPS (mm, unit vectors). */
export interface BeamFrameLps {
  /** Source position, LPS mm. */
  readonly sourceLpsMm: Vec3;
  /** Isocentre, LPS mm. */
  readonly isocenterLpsMm: Vec3;
  /** Unit vector from the source through the isocentre (the central axis, direction of travel). */
  readonly axisLps: Vec3;
  /** Unit vector of collimator +X (jaws X1→X2, MLC leaf travel), perpendicular to the axis. */
  readonly collXLps: Vec3;
  /** Unit vector of collimator +Y (jaws Y1→Y2, across leaf pairs). */
  readonly collYLps: Vec3;
  /** Source-axis distance, mm. */
  readonly sadMm: number;
}

/** Positions with a documented, tested IEC → LPS mapping. */
export const SUPPORTED_PATIENT_POSITIONS: readonly PatientPosition[] = ['HFS', 'HFP', 'FFS', 'FFP'];

const DEG = Math.PI / 180;

/** Support-frame vector → LPS for a patient position (signed axis permutation). */
function supportToLps(v: Vec3, position: PatientPosition): Vec3 {
  switch (position) {
    case 'HFS':
      return [v[0], -v[2], v[1]];
    case 'HFP':
      return [-v[0], v[2], v[1]];
    case 'FFS':
      return [-v[0], -v[2], -v[1]];
    case 'FFP':
      return [v[0], v[2], -v[1]];
    default:
      throw new UnsupportedError(
        `patient position ${position} is not supported (supported: ${SUPPORTED_PATIENT_POSITIONS.join(', ')})`,
        { patientPosition: position },
      );
  }
}

/** Fixed-frame vector → patient-support frame for couch angle ψ: Rz(−ψ). */
function fixedToSupport(v: Vec3, couchDeg: number): Vec3 {
  const c = Math.cos(couchDeg * DEG);
  const s = Math.sin(couchDeg * DEG);
  return [c * v[0] + s * v[1], -s * v[0] + c * v[1], v[2]];
}

/** Gantry/collimator axes in the fixed frame: [Xb, Yb, Zg]. */
function beamAxesFixed(gantryDeg: number, collimatorDeg: number): [Vec3, Vec3, Vec3] {
  const cg = Math.cos(gantryDeg * DEG);
  const sg = Math.sin(gantryDeg * DEG);
  const xg: Vec3 = [cg, 0, -sg];
  const yg: Vec3 = [0, 1, 0];
  const zg: Vec3 = [sg, 0, cg];
  const cc = Math.cos(collimatorDeg * DEG);
  const sc = Math.sin(collimatorDeg * DEG);
  const xb = add3(scale3(xg, cc), scale3(yg, sc));
  const yb = add3(scale3(xg, -sc), scale3(yg, cc));
  return [xb, yb, zg];
}

/** The beam's source and axes in LPS for `position` (throws UnsupportedError for decubitus positions). */
export function beamFrameLps(
  beam: Pick<Beam, 'gantryDeg' | 'collimatorDeg' | 'couchDeg' | 'isocenterMm'>,
  position: PatientPosition = 'HFS',
  sadMm = 1000,
): BeamFrameLps {
  const [xb, yb, zg] = beamAxesFixed(beam.gantryDeg, beam.collimatorDeg);
  const toLps = (v: Vec3): Vec3 => supportToLps(fixedToSupport(v, beam.couchDeg), position);
  const towardsSource = toLps(zg);
  const collXLps = toLps(xb);
  const collYLps = toLps(yb);
  return {
    sourceLpsMm: add3(beam.isocenterMm, scale3(towardsSource, sadMm)),
    isocenterLpsMm: beam.isocenterMm,
    axisLps: scale3(towardsSource, -1),
    collXLps,
    collYLps,
    sadMm,
  };
}

/** Beam's-eye-view coordinates of an LPS point: iso-plane projection (mm) and axial distance from the source. */
export interface BevPoint {
  /** Projection onto the isocentre plane along the ray from the source, collimator X / Y, mm. */
  readonly xIsoMm: number;
  readonly yIsoMm: number;
  /** Distance from the source along the central axis, mm (> 0 in front of the source). */
  readonly axialMm: number;
}

/** LPS → BEV (float64). */
export function lpsToBev(frame: BeamFrameLps, pointLps: Vec3): BevPoint {
  const dx = pointLps[0] - frame.sourceLpsMm[0];
  const dy = pointLps[1] - frame.sourceLpsMm[1];
  const dz = pointLps[2] - frame.sourceLpsMm[2];
  const axialMm = dx * frame.axisLps[0] + dy * frame.axisLps[1] + dz * frame.axisLps[2];
  const scale = frame.sadMm / axialMm;
  return {
    xIsoMm: (dx * frame.collXLps[0] + dy * frame.collXLps[1] + dz * frame.collXLps[2]) * scale,
    yIsoMm: (dx * frame.collYLps[0] + dy * frame.collYLps[1] + dz * frame.collYLps[2]) * scale,
    axialMm,
  };
}

/** BEV → LPS: the point at axial distance `axialMm` on the ray through iso-plane point (x, y). */
export function bevToLps(frame: BeamFrameLps, xIsoMm: number, yIsoMm: number, axialMm: number): Vec3 {
  const dir = add3(
    frame.axisLps,
    add3(scale3(frame.collXLps, xIsoMm / frame.sadMm), scale3(frame.collYLps, yIsoMm / frame.sadMm)),
  );
  return add3(frame.sourceLpsMm, scale3(dir, axialMm));
}

/** Right-handedness check of (collX, collY, −axis): always +1 for a correct frame (used by tests). */
export const bevHandedness = (frame: BeamFrameLps): number => {
  const c = cross3(frame.collXLps, frame.collYLps);
  return -(c[0] * frame.axisLps[0] + c[1] * frame.axisLps[1] + c[2] * frame.axisLps[2]);
};
