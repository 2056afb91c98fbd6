import { GeometryError, NumericalError, PipelineError } from '../core/errors.js';
import { type Grid3, voxelCount } from '../core/grid.js';
import { cross3, dot3 } from '../core/vec3.js';
import type { Volume } from '../core/volume.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { NaturalDataset } from './dataset.js';
import { formatDecimalString, formatDecimalStrings, formatIntegerString } from './ds-format.js';
import type { PatientStudy } from './image-series.js';
import { contentHash, deriveUid } from './uid.js';
import { EQUIDOSE_MANUFACTURER, dicomDateTime, encodeInstance, patientStudyModule } from './write-common.js';

export const RT_DOSE_STORAGE = '1.2.840.10008.5.1.4.1.1.481.2';
const RT_PLAN_STORAGE = '1.2.840.10008.5.1.4.1.1.481.5';
const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';
const UINT32_MAX = 4294967295;
/** Significant digits of DoseGridScaling: 8 keeps it exact in DS and its rounding-up below 1e-7 relative. */
const SCALING_DIGITS = 8;

/** What the written RTDOSE refers to, when known. */
export interface RtDoseReferences {
  readonly patientStudy?: PatientStudy;
  readonly rtPlanSopInstanceUid?: string;
  readonly structureSetSopInstanceUid?: string;
  /** The image series the dose was computed on (Common Instance Reference). */
  readonly imageSeries?: {
    readonly seriesInstanceUid: string;
    readonly sopClassUid: string;
    readonly sopInstanceUids: readonly string[];
  };
}

export interface EncodeRtDoseOptions extends RtDoseReferences {
  /** Default 'PLAN'. */
  readonly doseSummationType?: 'PLAN' | 'MULTI_PLAN' | 'FRACTION' | 'BEAM' | 'BRACHY' | 'CONTROL_POINT';
  readonly seriesDescription?: string;
  /** Creation time stamp; omitted (empty dates) when absent, so output bytes are reproducible. */
  readonly createdAt?: Date;
}

export interface EncodedRtDose {
  readonly bytes: Uint8Array;
  readonly sopInstanceUid: string;
  readonly doseGridScaling: number;
  /** Largest |written − input| over all voxels, Gy (quantisation to 32-bit integers). */
  readonly maxQuantisationErrorGy: number;
  readonly warnings: readonly string[];
}

/**
 * DoseGridScaling for a maximum dose: the smallest 8-significant-digit number ≥ max / (2³² − 1), so the maximum
 * maps to at most 2³² − 1 and the rounding error of any voxel is ≤ scaling / 2 ≈ 1.2e-10 × max (far inside the
 * 1e-6 relative budget). Written with formatDecimalString it round-trips exactly.
 */
export function chooseDoseGridScaling(maxDoseGy: number): number {
  if (!(maxDoseGy > 0)) return 1;
  const target = maxDoseGy / UINT32_MAX;
  const unit = 10 ** (Math.floor(Math.log10(target)) - (SCALING_DIGITS - 1));
  let scaling = Number((Math.ceil(target / unit) * unit).toPrecision(SCALING_DIGITS));
  if (scaling < target) scaling = Number(((Math.ceil(target / unit) + 1) * unit).toPrecision(SCALING_DIGITS));
  return Number(formatDecimalString(scaling));
}

function checkDose(volume: Volume<'Gy'>): number {
  let max = 0;
  for (let n = 0; n < volume.data.length; n++) {
    const v = volume.data[n] as number;
    if (!Number.isFinite(v)) throw new NumericalError(`dose has a non-finite value ${v} at voxel index ${n}`);
    if (v < 0)
      throw new NumericalError(
        `dose has a negative value ${v} Gy at voxel index ${n}; RTDOSE stores doses ≥ 0`,
      );
    if (v > max) max = v;
  }
  return max;
}

/** Signed frame offsets along IOP_row × IOP_col, or GeometryError when kDir is not ± that normal. */
function frameOffsets(grid: Grid3): number[] {
  const [iDir, jDir, kDir] = grid.axes;
  const along = dot3(cross3(iDir, jDir), kDir);
  if (Math.abs(Math.abs(along) - 1) > 1e-4)
    throw new GeometryError('dose grid k axis is not perpendicular to its slices; RTDOSE cannot hold it');
  return Array.from({ length: grid.size[2] }, (_, k) => Math.sign(along) * k * grid.spacingMm[2]);
}

function referenceModules(options: RtDoseReferences): NaturalDataset {
  const out: Record<string, unknown> = {};
  if (options.rtPlanSopInstanceUid) {
    out['ReferencedRTPlanSequence'] = [
      { ReferencedSOPClassUID: RT_PLAN_STORAGE, ReferencedSOPInstanceUID: options.rtPlanSopInstanceUid },
    ];
  }
  if (options.structureSetSopInstanceUid) {
    out['ReferencedStructureSetSequence'] = [
      {
        ReferencedSOPClassUID: RT_STRUCTURE_SET_STORAGE,
        ReferencedSOPInstanceUID: options.structureSetSopInstanceUid,
      },
    ];
  }
  if (options.imageSeries) {
    const { seriesInstanceUid, sopClassUid, sopInstanceUids } = options.imageSeries;
    out['ReferencedSeriesSequence'] = [
      {
        SeriesInstanceUID: seriesInstanceUid,
        ReferencedInstanceSequence: sopInstanceUids.map((uid) => ({
          ReferencedSOPClassUID: sopClassUid,
          ReferencedSOPInstanceUID: uid,
        })),
      },
    ];
  }
  return out;
}

/**
 * A dose volume (Gy) → RTDOSE bytes: DoseUnits GY, DoseType PHYSICAL, unsigned 32-bit frames with
 * {@link chooseDoseGridScaling}, ImagePositionPatient = grid origin, IOP = iDir, jDir, relative
 * GridFrameOffsetVector (negative when kDir = −(iDir × jDir)), FrameOfReferenceUID of the grid (a new one, with a
 * warning, when the grid has none), references to plan / structure set / image series when given.
 * UIDs derive from the content (see uid.ts), so equal inputs give equal bytes.
 */
export function encodeRtDose(volume: Volume<'Gy'>, options: EncodeRtDoseOptions = {}): EncodedRtDose {
  const { grid } = volume;
  const warnings: string[] = [];
  const offsets = frameOffsets(grid);
  const max = checkDose(volume);
  const scaling = chooseDoseGridScaling(max);
  const stored = new Uint32Array(voxelCount(grid));
  let maxError = 0;
  for (let n = 0; n < stored.length; n++) {
    const v = volume.data[n] as number;
    const q = Math.min(UINT32_MAX, Math.round(v / scaling));
    stored[n] = q;
    maxError = Math.max(maxError, Math.abs(q * scaling - v));
  }
  const pixelBytes = new Uint8Array(stored.buffer);
  const seed = [
    contentHash(pixelBytes),
    JSON.stringify(grid),
    JSON.stringify(options.createdAt ?? ''),
    options.rtPlanSopInstanceUid ?? '',
  ].join('|');
  let frameOfReferenceUid = grid.frameOfReferenceUid;
  if (frameOfReferenceUid === '') {
    frameOfReferenceUid = deriveUid('frame-of-reference', seed);
    warnings.push(
      `the dose grid has no frame of reference: a new FrameOfReferenceUID ${frameOfReferenceUid} was made`,
    );
  }
  const sopInstanceUid = deriveUid('rtdose', seed);
  const when = dicomDateTime(options.createdAt);
  const [iDir, jDir] = grid.axes;
  const dataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: RT_DOSE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    ...(when.date ? { InstanceCreationDate: when.date, InstanceCreationTime: when.time } : {}),
    ...patientStudyModule(options.patientStudy, seed),
    Modality: 'RTDOSE',
    SeriesInstanceUID: deriveUid('rtdose-series', sopInstanceUid),
    SeriesNumber: '',
    SeriesDescription: options.seriesDescription ?? 'equidose dose',
    Manufacturer: EQUIDOSE_MANUFACTURER,
    FrameOfReferenceUID: frameOfReferenceUid,
    PositionReferenceIndicator: '',
    InstanceNumber: '1',
    ContentDate: when.date,
    ContentTime: when.time,
    ImagePositionPatient: formatDecimalStrings(grid.originLpsMm),
    ImageOrientationPatient: formatDecimalStrings([...iDir, ...jDir]),
    PixelSpacing: formatDecimalStrings([grid.spacingMm[1], grid.spacingMm[0]]),
    SliceThickness: formatDecimalString(grid.spacingMm[2]),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: formatIntegerString(grid.size[2]),
    FrameIncrementPointer: 0x3004000c,
    Rows: grid.size[1],
    Columns: grid.size[0],
    BitsAllocated: 32,
    BitsStored: 32,
    HighBit: 31,
    PixelRepresentation: 0,
    DoseUnits: 'GY',
    DoseType: 'PHYSICAL',
    DoseSummationType: options.doseSummationType ?? 'PLAN',
    GridFrameOffsetVector: formatDecimalStrings(offsets),
    DoseGridScaling: formatDecimalString(scaling),
    ...referenceModules(options),
    PixelData: pixelBytes.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  return {
    bytes: encodeInstance(dataset),
    sopInstanceUid,
    doseGridScaling: scaling,
    maxQuantisationErrorGy: maxError,
    warnings,
  };
}

/** Encodes and writes an RTDOSE file atomically (all checks run before anything is written). */
export function writeRtDose(
  path: string,
  volume: Volume<'Gy'>,
  options: EncodeRtDoseOptions = {},
): EncodedRtDose {
  try {
    const encoded = encodeRtDose(volume, options);
    writeFileAtomic(path, encoded.bytes);
    return encoded;
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}
