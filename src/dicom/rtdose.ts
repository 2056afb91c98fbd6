import { GeometryError, InputError, PipelineError, UnsupportedError } from '../core/errors.js';
import { createGrid } from '../core/grid.js';
import { type Vec3, cross3, normalize3, scale3 } from '../core/vec3.js';
import { type Volume, createVolume } from '../core/volume.js';
import {
  numbers,
  optNumber,
  optString,
  reqNumber,
  reqNumbers,
  reqString,
  reqVec3,
  sequence,
} from './dataset.js';
import { type DicomFile, readDicomFile } from './parse.js';
import { decodeFrames, readPixelLayout } from './pixel-data.js';
import { orientationAxes, stepToleranceMm } from './series-geometry.js';

/** An RTDOSE grid read as a dose volume, with its RT Dose module attributes. */
export interface RtDoseData {
  /** Dose = stored value × DoseGridScaling (Gy when doseUnits is 'GY'), float32, i fastest. */
  readonly volume: Volume<'Gy', Float32Array>;
  readonly doseUnits: 'GY' | 'RELATIVE';
  readonly doseType: string;
  readonly doseSummationType: string;
  readonly doseGridScaling: number;
  /** True when GridFrameOffsetVector held absolute z positions rather than offsets from the first frame. */
  readonly absoluteFrameOffsets: boolean;
  readonly sopInstanceUid: string;
  readonly referencedRtPlanSopInstanceUid: string | undefined;
  readonly warnings: readonly string[];
}

export interface ReadRtDoseOptions {
  /** Accept DoseUnits RELATIVE (values are then not Gy; a warning says so). Default false: UnsupportedError. */
  readonly allowRelativeUnits?: boolean;
}

/** Reads an RTDOSE file. */
export function readRtDose(path: string, options: ReadRtDoseOptions = {}): RtDoseData {
  return rtDoseFromDicom(readDicomFile(path), options);
}

/**
 * RTDOSE → dose volume. Frames are stacked at ImagePositionPatient + GridFrameOffsetVector[k] along
 * IOP_row × IOP_col; the vector may be relative (first value 0) or absolute (axial grids only: the values are
 * z positions and the first must equal ImagePositionPatient z). Offsets must be uniform (GeometryError otherwise);
 * decreasing offsets give kDir = −normal. Dose = stored × DoseGridScaling.
 */
export function rtDoseFromDicom(dicom: DicomFile, options: ReadRtDoseOptions = {}): RtDoseData {
  try {
    return convert(dicom, options);
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(dicom.file) : error;
  }
}

function convert(dicom: DicomFile, options: ReadRtDoseOptions): RtDoseData {
  const ds = dicom.dataset;
  if (dicom.modality !== 'RTDOSE') throw new InputError(`not an RTDOSE (Modality '${dicom.modality}')`);
  const warnings: string[] = [];
  const units = reqString(ds, 'DoseUnits').toUpperCase();
  if (units !== 'GY' && units !== 'RELATIVE')
    throw new UnsupportedError(`DoseUnits ${units} is not supported (GY or RELATIVE)`);
  if (units === 'RELATIVE') {
    if (!options.allowRelativeUnits) {
      throw new UnsupportedError(
        'DoseUnits RELATIVE: the grid holds relative dose, not Gy; equidose needs absolute dose in Gy',
      );
    }
    warnings.push('DoseUnits RELATIVE: values are relative dose, not Gy');
  }
  const doseType = optString(ds, 'DoseType') ?? '';
  if (doseType === 'ERROR')
    throw new UnsupportedError('DoseType ERROR (a dose-difference grid) is not supported');
  if (doseType === 'EFFECTIVE')
    warnings.push('DoseType EFFECTIVE: biologically weighted dose, not physical dose');
  const layout = readPixelLayout(dicom);
  const scaling = optNumber(ds, 'DoseGridScaling') ?? 1;
  if (optNumber(ds, 'DoseGridScaling') === undefined) warnings.push('no DoseGridScaling: 1 assumed');
  const grid = doseGrid(dicom, layout.frames, warnings);
  const frames = decodeFrames(dicom, layout);
  const perFrame = layout.rows * layout.columns;
  const data = new Float32Array(perFrame * layout.frames);
  frames.forEach((frame, k) => {
    for (let n = 0; n < perFrame; n++) data[k * perFrame + n] = (frame[n] as number) * scaling;
  });
  const plan = sequence(ds, 'ReferencedRTPlanSequence')[0];
  return {
    volume: createVolume(grid.grid, 'Gy', data),
    doseUnits: units,
    doseType,
    doseSummationType: optString(ds, 'DoseSummationType') ?? '',
    doseGridScaling: scaling,
    absoluteFrameOffsets: grid.absolute,
    sopInstanceUid: optString(ds, 'SOPInstanceUID') ?? '',
    referencedRtPlanSopInstanceUid: plan ? optString(plan, 'ReferencedSOPInstanceUID') : undefined,
    warnings,
  };
}

function doseGrid(
  dicom: DicomFile,
  frameCount: number,
  warnings: string[],
): { grid: ReturnType<typeof createGrid>; absolute: boolean } {
  const ds = dicom.dataset;
  const [iDir, jDir] = orientationAxes(reqNumbers(ds, 'ImageOrientationPatient', 6));
  const normal = normalize3(cross3(iDir, jDir));
  const ipp = reqVec3(ds, 'ImagePositionPatient');
  const [rowMm, colMm] = reqNumbers(ds, 'PixelSpacing', 2) as [number, number];
  const gfov = numbers(ds, 'GridFrameOffsetVector');
  let absolute = false;
  let offsets: number[];
  if (frameCount === 1 && gfov.length <= 1) offsets = [0];
  else {
    if (gfov.length !== frameCount) {
      throw new InputError(`GridFrameOffsetVector has ${gfov.length} values for ${frameCount} frames`);
    }
    absolute = gfov[0] !== 0;
    if (absolute) {
      if (Math.abs(Math.abs(normal[2]) - 1) > 1e-4) {
        throw new GeometryError(
          'GridFrameOffsetVector is absolute (first value ≠ 0), which DICOM allows only for axial dose grids',
        );
      }
      if (Math.abs((gfov[0] as number) - ipp[2]) > stepToleranceMm(1)) {
        throw new GeometryError(
          `absolute GridFrameOffsetVector starts at z = ${gfov[0]} mm but ImagePositionPatient z is ${ipp[2]} mm`,
        );
      }
      warnings.push('GridFrameOffsetVector holds absolute z positions (converted to offsets)');
    }
    offsets = absolute ? gfov.map((z) => (z - (gfov[0] as number)) * normal[2]) : gfov;
  }
  const thickness = optNumber(ds, 'SliceThickness');
  const singleStep = thickness !== undefined && thickness > 0 ? thickness : 1;
  if (offsets.length === 1 && singleStep !== thickness)
    warnings.push('single-frame dose: k spacing of 1 mm assumed');
  const step = offsets.length > 1 ? uniformStep(offsets) : singleStep;
  const kDir: Vec3 = step < 0 ? scale3(normal, -1) : normal;
  const grid = createGrid({
    size: [reqNumber(ds, 'Columns'), reqNumber(ds, 'Rows'), frameCount],
    spacingMm: [colMm, rowMm, Math.abs(step)],
    originLpsMm: ipp,
    axes: [iDir, jDir, kDir],
    frameOfReferenceUid: optString(ds, 'FrameOfReferenceUID') ?? '',
  });
  return { grid, absolute };
}

/** The common step of frame offsets (mm, signed), or GeometryError naming the first irregular frame. */
function uniformStep(offsets: readonly number[]): number {
  const n = offsets.length - 1;
  const step = ((offsets[n] as number) - (offsets[0] as number)) / n;
  if (step === 0) throw new GeometryError('GridFrameOffsetVector: all frames at the same position');
  const tol = stepToleranceMm(step);
  offsets.forEach((o, k) => {
    const expected = (offsets[0] as number) + k * step;
    if (Math.abs(o - expected) > tol) {
      throw new GeometryError(
        `non-uniform GridFrameOffsetVector: frame ${k} at ${o} mm, uniform spacing would put it at ${+expected.toFixed(4)} mm (step ${+step.toFixed(4)} mm)`,
        { frame: k, offsetMm: o, expectedMm: expected },
      );
    }
  });
  return step;
}
