import { GeometryError } from '../core/errors.js';
import { createGrid, type Grid3, type Size3 } from '../core/grid.js';
import { type Vec3, cross3, dot3, norm3 } from '../core/vec3.js';

/**
 * NIfTI-1 orientation ↔ equidose Grid3. NIfTI world coordinates are RAS+ (+x towards the patient's right,
 * +y anterior, +z superior); DICOM/equidose LPS+ has +x left, +y posterior: LPS = diag(−1, −1, 1) · RAS.
 */
const flipRasLps = (v: Vec3): Vec3 => [-v[0], -v[1], v[2]];

/** The NIfTI transform fields equidose reads or writes (all in the file's RAS mm frame). */
export interface NiftiTransform {
  readonly qformCode: number;
  readonly sformCode: number;
  /** pixdim[0]: the qfac sign (−1 flips k in the qform); pixdim[1..3]: voxel size. */
  readonly pixdim: readonly [number, number, number, number];
  readonly quaternBcd: Vec3;
  readonly qoffsetRasMm: Vec3;
  /** srow_x, srow_y, srow_z: rows of the 3×4 sform affine. */
  readonly srow: readonly [readonly number[], readonly number[], readonly number[]];
  /** Multiplier from file spatial units to mm (xyzt_units: m → 1000, µm → 0.001, unknown → 1). */
  readonly unitsToMm: number;
}

/** Index → RAS mm affine as three columns (i, j, k axis × spacing) and a translation. */
interface RasAffine {
  readonly columns: readonly [Vec3, Vec3, Vec3];
  readonly offset: Vec3;
}

/**
 * The grid of a NIfTI image, following nifti1.h: sform when sform_code > 0 (preferred, as ITK and nibabel do),
 * else the qform quaternion with qfac when qform_code > 0, else "method 1" (pixdim scaling, no rotation,
 * origin 0; nibabel instead guesses an Analyze-style centred affine here, ITK and nifti_clib follow method 1).
 */
export function niftiTransformToGrid(t: NiftiTransform, size: Size3): Grid3 {
  const affine = t.sformCode > 0 ? sformAffine(t) : t.qformCode > 0 ? qformAffine(t) : method1Affine(t);
  const spacingMm = affine.columns.map((c) => norm3(c) * t.unitsToMm) as unknown as Vec3;
  if (!spacingMm.every((s) => s > 0 && Number.isFinite(s)))
    throw new GeometryError(
      `NIfTI transform has a zero or non-finite axis (voxel sizes ${spacingMm.join(', ')} mm)`,
    );
  const axes = affine.columns.map((c) => flipRasLps(scaleTo(c, 1 / norm3(c)))) as unknown as Grid3['axes'];
  return createGrid({
    size,
    spacingMm,
    originLpsMm: flipRasLps(scaleTo(affine.offset, t.unitsToMm)),
    axes,
  });
}

const scaleTo = (v: Vec3, s: number): Vec3 => [v[0] * s, v[1] * s, v[2] * s];

function sformAffine(t: NiftiTransform): RasAffine {
  const [x, y, z] = t.srow;
  const col = (c: number): Vec3 => [x[c] ?? NaN, y[c] ?? NaN, z[c] ?? NaN];
  return { columns: [col(0), col(1), col(2)], offset: col(3) };
}

function qformAffine(t: NiftiTransform): RasAffine {
  const r = quaternionToRotation(t.quaternBcd);
  const qfac = t.pixdim[0] < 0 ? -1 : 1;
  const [, dx, dy, dz] = t.pixdim;
  if (!(dx > 0 && dy > 0 && dz > 0))
    throw new GeometryError(`NIfTI qform needs positive pixdim[1..3], got ${dx}, ${dy}, ${dz}`);
  const col = (c: 0 | 1 | 2, s: number): Vec3 => [r[0][c] * s, r[1][c] * s, r[2][c] * s];
  return { columns: [col(0, dx), col(1, dy), col(2, dz * qfac)], offset: t.qoffsetRasMm };
}

function method1Affine(t: NiftiTransform): RasAffine {
  const [, dx, dy, dz] = t.pixdim;
  const d = (s: number): number => (s > 0 ? s : 1);
  return {
    columns: [
      [d(dx), 0, 0],
      [0, d(dy), 0],
      [0, 0, d(dz)],
    ],
    offset: [0, 0, 0],
  };
}

type Mat3 = readonly [Vec3, Vec3, Vec3];

/** nifti1.h quaternion (b, c, d; a = sqrt(1 − b² − c² − d²)) → rotation matrix, rows indexed [row][col]. */
export function quaternionToRotation(bcd: Vec3): Mat3 {
  let [b, c, d] = bcd;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // A 180° rotation: a is 0 and (b, c, d) is renormalised (nifti1_io does the same).
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s;
    c *= s;
    d *= s;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
}

/** Proper rotation matrix (det +1, rows [row][col]) → nifti1.h quaternion (b, c, d) with a ≥ 0. */
export function rotationToQuaternion(r: Mat3): Vec3 {
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = r;
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    // Small trace: solve from the largest diagonal term for numerical stability (nifti_mat44_to_quatern).
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return [b, c, d];
}

/**
 * The NIfTI transform fields that describe `grid` (mm units): an sform (code 1, scanner anatomical) and the
 * equivalent qform (code 1), as ITK writes them. Left-handed RAS axes are stored with qfac = −1.
 */
export function gridToNiftiTransform(grid: Grid3): NiftiTransform {
  const rasAxes = grid.axes.map(flipRasLps) as unknown as Mat3;
  const [dx, dy, dz] = grid.spacingMm;
  const handed = dot3(cross3(rasAxes[0], rasAxes[1]), rasAxes[2]) < 0 ? -1 : 1;
  // Rotation matrix with the direction vectors as columns; k negated for a left-handed frame (qfac = −1).
  const rot: Mat3 = [0, 1, 2].map((row) => [
    rasAxes[0][row] as number,
    rasAxes[1][row] as number,
    handed * (rasAxes[2][row] as number),
  ]) as unknown as Mat3;
  const originRas = flipRasLps(grid.originLpsMm);
  const srowRow = (row: 0 | 1 | 2): number[] => [
    rasAxes[0][row] * dx,
    rasAxes[1][row] * dy,
    rasAxes[2][row] * dz,
    originRas[row],
  ];
  return {
    qformCode: 1,
    sformCode: 1,
    pixdim: [handed, dx, dy, dz],
    quaternBcd: rotationToQuaternion(rot),
    qoffsetRasMm: originRas,
    srow: [srowRow(0), srowRow(1), srowRow(2)],
    unitsToMm: 1,
  };
}
