import type { Vec3 } from '../core/vec3.js';

/**
 * The dose engine's plan format (JSON on disk; see docs/plan-format.md). Shared by src/dose (computes it),
 * src/dicom (reads RTPLAN into it) and src/phantoms (generates it).
 *
 * Frames: isocentre in patient LPS mm; angles in degrees, IEC 61217; jaw and MLC positions in mm projected to
 * the isocentre plane (SAD), in the beam-limiting-device (collimator) frame: X along collimator X, Y along
 * collimator Y.
 */

/** Patient positions the engine maps from IEC fixed to LPS. Others are refused. */
export type PatientPosition = 'HFS' | 'HFP' | 'FFS' | 'FFP' | 'HFDR' | 'HFDL' | 'FFDR' | 'FFDL';

/** Every DICOM patient position a plan may state (the dose engine supports a subset: SUPPORTED_PATIENT_POSITIONS). */
export const PATIENT_POSITIONS: readonly PatientPosition[] = [
  'HFS',
  'HFP',
  'FFS',
  'FFP',
  'HFDR',
  'HFDL',
  'FFDR',
  'FFDL',
];

export interface JawsMm {
  /** Collimator-X jaw positions (x1 < x2), mm at the isocentre plane. */
  readonly x1: number;
  readonly x2: number;
  /** Collimator-Y jaw positions (y1 < y2), mm at the isocentre plane. */
  readonly y1: number;
  readonly y2: number;
}

/** Multi-leaf collimator opening; the field is the intersection of the jaws and this opening. */
export interface MlcAperture {
  /** N + 1 leaf-pair boundaries along collimator Y, increasing, mm at the isocentre plane. */
  readonly leafBoundariesMm: readonly number[];
  /** Per leaf pair, the open interval [xA, xB] along collimator X (xA ≤ xB; equal = closed), mm at isocentre. */
  readonly leafPairsMm: readonly (readonly [number, number])[];
}

/** One static field (or one step-and-shoot segment / one sampled arc control point). */
export interface Beam {
  readonly name: string;
  readonly gantryDeg: number;
  readonly collimatorDeg: number;
  readonly couchDeg: number;
  /** Isocentre in patient LPS, mm. */
  readonly isocenterMm: Vec3;
  readonly jawsMm: JawsMm;
  readonly mlc?: MlcAperture;
  /** Monitor units delivered by this field. */
  readonly mu: number;
}

export interface Plan {
  /** Machine id of a beam model, e.g. "generic-6MV". */
  readonly machine: string;
  /** Defaults to 'HFS' when absent. */
  readonly patientPosition?: PatientPosition;
  /** Prescribed dose per fraction in Gy, when known (used to express differences as % of prescription). */
  readonly prescriptionGy?: number;
  readonly beams: readonly Beam[];
}
