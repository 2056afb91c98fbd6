import { GeometryError, NumericalError, PipelineError } from '../core/errors.js';
import { type Grid3, gridEquals } from '../core/grid.js';
import { indexToLps } from '../core/transforms.js';
import { cross3, dot3 } from '../core/vec3.js';
import { type Volume, valueRange } from '../core/volume.js';
import type { NaturalDataset } from './dataset.js';
import { formatDecimalString, formatDecimalStrings, formatIntegerString } from './ds-format.js';
import type { ImageSeries, PatientStudy } from './image-series.js';
import { contentHash, deriveUid } from './uid.js';
import {
  EQUIDOSE_MANUFACTURER,
  dicomDateTime,
  encodeInstance,
  patientStudyModule,
  writeDirectoryAtomic,
} from './write-common.js';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
const UINT16_MAX = 65535;
/** CT numbers are stored as unsigned 16-bit = HU + 1024 (RescaleIntercept −1024, slope 1): −1024 … 64511 HU. */
const CT_INTERCEPT_HU = -1024;

/** The source series a derived series points back to (the MR of an sCT). */
export type SourceSeries = Pick<
  ImageSeries,
  'seriesInstanceUid' | 'sopClassUid' | 'sopInstanceUids' | 'patientStudy'
> & {
  readonly grid: Grid3;
};

export interface EncodeSeriesOptions {
  readonly modality: 'CT' | 'MR';
  readonly seriesDescription?: string;
  readonly patientStudy?: PatientStudy;
  /** Marks the series DERIVED\SECONDARY and synthetic, referencing this source (the MR) when known. */
  readonly synthetic?: { readonly source?: SourceSeries; readonly method: string };
  readonly createdAt?: Date;
}

export interface EncodedSeries {
  /** File name → Part-10 bytes, one file per slice. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUids: readonly string[];
  readonly warnings: readonly string[];
}

interface PixelMapping {
  readonly stored: Uint16Array;
  readonly slope: number;
  readonly intercept: number;
  readonly warnings: string[];
}

/** CT: integer HU + 1024 in uint16 (values rounded to 1 HU, clamped to −1024 … 64511). MR: linear to 0…65535. */
function mapPixels(volume: Volume<'HU' | 'MR'>, modality: 'CT' | 'MR'): PixelMapping {
  const data = volume.data;
  const { min, max } = valueRange(data);
  if (!Number.isFinite(min) || !Number.isFinite(max))
    throw new NumericalError(`${modality} volume has no finite values`);
  for (let n = 0; n < data.length; n++) {
    if (!Number.isFinite(data[n] as number))
      throw new NumericalError(`${modality} volume has a non-finite value at voxel index ${n}`);
  }
  const stored = new Uint16Array(data.length);
  if (modality === 'CT') {
    let clamped = 0;
    for (let n = 0; n < data.length; n++) {
      const q = Math.round((data[n] as number) - CT_INTERCEPT_HU);
      if (q < 0 || q > UINT16_MAX) clamped++;
      stored[n] = Math.min(UINT16_MAX, Math.max(0, q));
    }
    const warnings = clamped > 0 ? [`${clamped} voxels outside −1024 … 64511 HU were clamped`] : [];
    return { stored, slope: 1, intercept: CT_INTERCEPT_HU, warnings };
  }
  const slope =
    max > min ? Number(formatDecimalString(Number(((max - min) / UINT16_MAX).toPrecision(10)))) : 1;
  const intercept = Number(formatDecimalString(min));
  for (let n = 0; n < data.length; n++) {
    stored[n] = Math.min(UINT16_MAX, Math.max(0, Math.round(((data[n] as number) - intercept) / slope)));
  }
  return { stored, slope, intercept, warnings: [] };
}

function syntheticModule(options: EncodeSeriesOptions, k: number, grid: Grid3): NaturalDataset {
  const synthetic = options.synthetic;
  // Not acquired by equidose: a converted or computed image is DERIVED\SECONDARY either way.
  if (!synthetic) return { ImageType: ['DERIVED', 'SECONDARY', 'AXIAL'] };
  const source = synthetic.source;
  const from = source ? `MR series ${source.seriesInstanceUid}` : 'an MR volume';
  const out: Record<string, unknown> = {
    ImageType: ['DERIVED', 'SECONDARY', 'AXIAL'],
    DerivationDescription: `Synthetic CT computed from ${from} by ${synthetic.method}`.slice(0, 1024),
    ImageComments:
      'SYNTHETIC CT: computed from MR, not acquired on a CT scanner. For research validation only.',
    BurnedInAnnotation: 'NO',
  };
  if (source) {
    out['ReferencedSeriesSequence'] = [
      {
        SeriesInstanceUID: source.seriesInstanceUid,
        ReferencedInstanceSequence: source.sopInstanceUids.map((uid) => ({
          ReferencedSOPClassUID: source.sopClassUid,
          ReferencedSOPInstanceUID: uid,
        })),
      },
    ];
    // Slice k of the sCT is derived from slice k of the MR when both share one grid (the SynthRAD convention).
    const sourceUid = source.sopInstanceUids[k];
    if (sourceUid && gridEquals(source.grid, grid)) {
      out['SourceImageSequence'] = [
        { ReferencedSOPClassUID: source.sopClassUid, ReferencedSOPInstanceUID: sourceUid },
      ];
    }
  }
  return out;
}

/**
 * A CT or MR volume → one single-frame Part-10 file per k slice (Explicit VR Little Endian, uint16 with
 * RescaleSlope/Intercept), in the grid's frame of reference: ImagePositionPatient = centre of voxel (0,0,k),
 * ImageOrientationPatient = iDir, jDir, PixelSpacing = [Δj, Δi]. UIDs derive from the content (uid.ts).
 */
export function encodeImageSeries(volume: Volume<'HU' | 'MR'>, options: EncodeSeriesOptions): EncodedSeries {
  const { grid } = volume;
  const [iDir, jDir, kDir] = grid.axes;
  if (Math.abs(Math.abs(dot3(cross3(iDir, jDir), kDir)) - 1) > 1e-4) {
    throw new GeometryError(
      'volume k axis is not perpendicular to its slices; a DICOM image series cannot hold it',
    );
  }
  const { modality } = options;
  const pixels = mapPixels(volume, modality);
  const warnings = [...pixels.warnings];
  const seed = [
    contentHash(new Uint8Array(pixels.stored.buffer)),
    JSON.stringify(grid),
    options.synthetic?.source?.seriesInstanceUid ?? '',
    JSON.stringify(options.createdAt ?? ''),
  ].join('|');
  let frameOfReferenceUid = grid.frameOfReferenceUid;
  if (frameOfReferenceUid === '') {
    frameOfReferenceUid = deriveUid('frame-of-reference', seed);
    warnings.push(
      `the volume has no frame of reference: a new FrameOfReferenceUID ${frameOfReferenceUid} was made`,
    );
  }
  const seriesInstanceUid = deriveUid(`${modality}-series`, seed);
  const when = dicomDateTime(options.createdAt);
  const perSlice = grid.size[0] * grid.size[1];
  const files = new Map<string, Uint8Array>();
  const sopInstanceUids: string[] = [];
  const common = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: modality === 'CT' ? CT_IMAGE_STORAGE : MR_IMAGE_STORAGE,
    ...patientStudyModule(options.patientStudy ?? options.synthetic?.source?.patientStudy, seed),
    Modality: modality,
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: '',
    SeriesDescription:
      options.seriesDescription ?? (options.synthetic ? 'synthetic CT (equidose)' : `${modality} (equidose)`),
    Manufacturer: EQUIDOSE_MANUFACTURER,
    FrameOfReferenceUID: frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ContentDate: when.date,
    ContentTime: when.time,
    ImageOrientationPatient: formatDecimalStrings([...iDir, ...jDir]),
    PixelSpacing: formatDecimalStrings([grid.spacingMm[1], grid.spacingMm[0]]),
    SliceThickness: formatDecimalString(grid.spacingMm[2]),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.size[1],
    Columns: grid.size[0],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    RescaleSlope: formatDecimalString(pixels.slope),
    RescaleIntercept: formatDecimalString(pixels.intercept),
    ...(modality === 'CT' ? { RescaleType: 'HU', KVP: '', AcquisitionNumber: '' } : mrModule()),
    _vrMap: { PixelData: 'OW' },
  };
  for (let k = 0; k < grid.size[2]; k++) {
    const sopInstanceUid = deriveUid(`${modality}-image`, seriesInstanceUid, String(k));
    sopInstanceUids.push(sopInstanceUid);
    const position = indexToLps(grid, [0, 0, k]);
    const dataset = {
      ...common,
      SOPInstanceUID: sopInstanceUid,
      ...syntheticModule(options, k, grid),
      InstanceNumber: formatIntegerString(k + 1),
      ImagePositionPatient: formatDecimalStrings(position),
      SliceLocation: formatDecimalString(dot3(position, cross3(iDir, jDir))),
      PixelData: pixels.stored.slice(k * perSlice, (k + 1) * perSlice).buffer,
    };
    files.set(`${modality}.${String(k + 1).padStart(4, '0')}.dcm`, encodeInstance(dataset));
  }
  return { files, seriesInstanceUid, sopInstanceUids, warnings };
}

/** MR Image module type-1/2 attributes for an image of unknown acquisition ('RM' = research mode). */
const mrModule = (): NaturalDataset => ({
  ScanningSequence: 'RM',
  SequenceVariant: 'NONE',
  ScanOptions: '',
  MRAcquisitionType: '',
  EchoTime: '',
  RepetitionTime: '',
  EchoTrainLength: '',
});

/** Encodes and writes an image series into a new (or empty) directory, atomically. */
export function writeImageSeries(
  dir: string,
  volume: Volume<'HU' | 'MR'>,
  options: EncodeSeriesOptions,
): EncodedSeries {
  try {
    const encoded = encodeImageSeries(volume, options);
    writeDirectoryAtomic(dir, encoded.files);
    return encoded;
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(dir) : error;
  }
}

/**
 * Writes a synthetic CT (HU, on the MR's grid) as a CT series in the MR's frame of reference, referencing the
 * source MR series, marked DERIVED\SECONDARY and synthetic (DerivationDescription, ImageComments).
 */
export function writeSyntheticCtSeries(
  dir: string,
  sct: Volume<'HU'>,
  source: SourceSeries | undefined,
  method: string,
  createdAt?: Date,
): EncodedSeries {
  if (
    source &&
    source.grid.frameOfReferenceUid !== '' &&
    sct.grid.frameOfReferenceUid !== '' &&
    source.grid.frameOfReferenceUid !== sct.grid.frameOfReferenceUid
  ) {
    throw new GeometryError(
      `sCT frame of reference ${sct.grid.frameOfReferenceUid} is not the MR's (${source.grid.frameOfReferenceUid})`,
      {},
      dir,
    );
  }
  const volume: Volume<'HU'> =
    source && sct.grid.frameOfReferenceUid === ''
      ? { ...sct, grid: { ...sct.grid, frameOfReferenceUid: source.grid.frameOfReferenceUid } }
      : sct;
  return writeImageSeries(dir, volume, {
    modality: 'CT',
    synthetic: { ...(source ? { source } : {}), method },
    ...(createdAt ? { createdAt } : {}),
  });
}
