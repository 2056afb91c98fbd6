import { GeometryError } from '../core/errors.js';
import { type Grid3, createGrid } from '../core/grid.js';
import { type Vec3, cross3, dot3, normalize3, norm3, scale3, sub3 } from '../core/vec3.js';

/**
 * Slice stacking for image series and RTDOSE frames: the DICOM → Grid3 mapping of ARCHITECTURE.md §1.
 * iDir = IOP[0..2] (along a row, +column index), jDir = IOP[3..5] (down a column, +row index),
 * spacing = [PixelSpacing[1], PixelSpacing[0], slice step], kDir = iDir × jDir, slices sorted along kDir.
 */

/** The geometry attributes of one slice. */
export interface SliceGeometry {
  readonly file: string;
  /** ImagePositionPatient: LPS mm of the centre of the first transmitted pixel. */
  readonly positionLpsMm: Vec3;
  /** ImageOrientationPatient: row then column direction cosines (LPS). */
  readonly orientation: readonly number[];
  readonly rows: number;
  readonly columns: number;
  /** PixelSpacing as stored: [row spacing (between rows, along j), column spacing (along i)] in mm. */
  readonly pixelSpacingMm: readonly [number, number];
}

/** Direction cosines in DICOM headers carry ~6 significant digits. */
const ORIENTATION_TOLERANCE = 1e-4;
/** Pixel spacing must agree to 1 µm between slices. */
const SPACING_TOLERANCE_MM = 1e-3;

/** Allowed deviation of a slice step from the mean step: 0.01 mm, or 0.1 % of the step when larger. */
export const stepToleranceMm = (stepMm: number): number => Math.max(0.01, 1e-3 * Math.abs(stepMm));

/** Unit row and column directions from a 6-value IOP. */
export function orientationAxes(orientation: readonly number[]): [Vec3, Vec3] {
  const [a, b, c, d, e, f] = orientation as [number, number, number, number, number, number];
  return [normalize3([a, b, c]), normalize3([d, e, f])];
}

const fmt = (v: readonly number[]): string => `[${v.map((x) => +x.toFixed(4)).join(', ')}]`;

/** Throws GeometryError unless every slice has the first slice's orientation, size and pixel spacing. */
export function assertConsistentSlices(slices: readonly SliceGeometry[]): void {
  const first = slices[0];
  if (!first) throw new GeometryError('no slices');
  for (const s of slices) {
    const diff = Math.max(...s.orientation.map((v, n) => Math.abs(v - (first.orientation[n] as number))));
    if (s.orientation.length !== 6 || diff > ORIENTATION_TOLERANCE) {
      throw new GeometryError(
        `mixed orientations: ImageOrientationPatient ${fmt(s.orientation)} in ${s.file} vs ${fmt(first.orientation)} in ${first.file}`,
        { file: s.file, other: first.file },
      );
    }
    if (s.rows !== first.rows || s.columns !== first.columns) {
      throw new GeometryError(
        `mixed image sizes: ${s.columns}×${s.rows} in ${s.file} vs ${first.columns}×${first.rows} in ${first.file}`,
      );
    }
    if (
      Math.max(...s.pixelSpacingMm.map((v, n) => Math.abs(v - (first.pixelSpacingMm[n] as number)))) >
      SPACING_TOLERANCE_MM
    ) {
      throw new GeometryError(
        `mixed pixel spacings: ${fmt(s.pixelSpacingMm)} mm in ${s.file} vs ${fmt(first.pixelSpacingMm)} mm in ${first.file}`,
      );
    }
  }
}

/** Result of stacking: slices in k order and the grid they form. */
export interface StackedSlices<S extends SliceGeometry> {
  readonly slices: readonly S[];
  readonly grid: Grid3;
}

/**
 * Sorts slices along the slice normal and builds their grid. Refuses duplicates, slices not stacked along the
 * normal (gantry tilt), missing slices (naming the gap) and non-uniform steps. A single slice takes
 * `singleSliceStepMm` (SliceThickness, when the caller has it) as its k spacing.
 */
export function stackSlices<S extends SliceGeometry>(
  input: readonly S[],
  frameOfReferenceUid: string,
  singleSliceStepMm = 1,
): StackedSlices<S> {
  assertConsistentSlices(input);
  const first = input[0] as S;
  const [iDir, jDir] = orientationAxes(first.orientation);
  const normal = normalize3(cross3(iDir, jDir));
  const withDepth = input.map((s) => ({ s, depth: dot3(s.positionLpsMm, normal) }));
  withDepth.sort((a, b) => a.depth - b.depth);
  const slices = withDepth.map((w) => w.s);
  const depths = withDepth.map((w) => w.depth);
  const stepMm = depths.length > 1 ? checkSteps(depths, slices) : singleSliceStepMm;
  const origin = (slices[0] as S).positionLpsMm;
  slices.forEach((s, k) => {
    const expected = scale3(normal, (depths[k] as number) - (depths[0] as number));
    const offset = sub3(sub3(s.positionLpsMm, origin), expected);
    if (norm3(offset) > stepToleranceMm(stepMm)) {
      throw new GeometryError(
        `slices are not stacked along the slice normal (gantry tilt or sheared series): ${s.file} is ${norm3(offset).toFixed(3)} mm off the normal through ${(slices[0] as S).file}`,
      );
    }
  });
  const grid = createGrid({
    size: [first.columns, first.rows, slices.length],
    spacingMm: [first.pixelSpacingMm[1], first.pixelSpacingMm[0], stepMm],
    originLpsMm: origin,
    axes: [iDir, jDir, normal],
    frameOfReferenceUid,
  });
  return { slices, grid };
}

/** Returns the uniform step (mm) of sorted depths, or throws naming the duplicate, the gap or the odd step. */
function checkSteps(depths: readonly number[], slices: readonly SliceGeometry[]): number {
  const steps = depths.slice(1).map((d, n) => d - (depths[n] as number));
  // Missing slices only lengthen steps, so the shortest step is the series' own (duplicates are caught below).
  const typical = Math.max(Math.min(...steps), 0);
  const tol = stepToleranceMm(typical);
  steps.forEach((step, n) => {
    const at = `${(depths[n] as number).toFixed(2)} mm and ${(depths[n + 1] as number).toFixed(2)} mm along the normal`;
    if (step <= tol) {
      throw new GeometryError(
        `duplicate slice position ${(depths[n] as number).toFixed(3)} mm along the normal: ${(slices[n] as SliceGeometry).file} and ${(slices[n + 1] as SliceGeometry).file}`,
      );
    }
    if (Math.abs(step - typical) <= tol) return;
    const ratio = step / typical;
    const missing = Math.round(ratio) - 1;
    if (missing >= 1 && Math.abs(step - Math.round(ratio) * typical) <= tol * Math.round(ratio)) {
      throw new GeometryError(
        `missing slice${missing > 1 ? 's' : ''}: a ${step.toFixed(3)} mm gap between slice positions ${at} (slice step ${typical.toFixed(3)} mm, ${missing} slice${missing > 1 ? 's' : ''} missing)`,
        { gapStartMm: depths[n], gapEndMm: depths[n + 1], stepMm: typical },
      );
    }
    throw new GeometryError(
      `non-uniform slice spacing: step ${step.toFixed(3)} mm between ${at} vs ${typical.toFixed(3)} mm elsewhere`,
      { stepMm: step, typicalStepMm: typical },
    );
  });
  return ((depths[depths.length - 1] as number) - (depths[0] as number)) / steps.length;
}
