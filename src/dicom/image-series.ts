import { GeometryError, InputError, UnsupportedError } from '../core/errors.js';
import { type Volume, createVolume } from '../core/volume.js';
import { type NaturalDataset, optNumber, optString, reqNumbers, reqVec3 } from './dataset.js';
import { type DicomFile, readDicomInputs } from './parse.js';
import { decodeFrames, readPixelLayout } from './pixel-data.js';
import { type SliceGeometry, stackSlices } from './series-geometry.js';
import { isLossySyntax, transferSyntaxName } from './transfer-syntax.js';

/** Image modalities read as volumes: CT → 'HU', MR → 'MR'. */
export type ImageModality = 'CT' | 'MR';

/** Patient and study identity copied into derived objects (sCT, RTDOSE). */
export interface PatientStudy {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyInstanceUid: string;
  readonly studyId: string;
  readonly studyDate: string;
  readonly studyTime: string;
}

/** One series found among the inputs (for choosing, and for error messages). */
export interface SeriesSummary {
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly sliceCount: number;
}

/** A CT or MR series read into a volume (patient LPS, i fastest; see Grid3). */
export interface ImageSeries {
  readonly modality: ImageModality;
  /** Rescaled values (HU for CT, scanner units for MR), float32. */
  readonly volume: Volume<'HU' | 'MR', Float32Array>;
  readonly seriesInstanceUid: string;
  readonly sopClassUid: string;
  /** SOP Instance UIDs in k order (slice k of the volume). */
  readonly sopInstanceUids: readonly string[];
  readonly description: string;
  readonly transferSyntaxUid: string;
  readonly patientStudy: PatientStudy;
  readonly warnings: readonly string[];
}

export interface ReadImageSeriesOptions {
  /** Which series to read when the inputs hold several (SeriesInstanceUID). */
  readonly seriesInstanceUid?: string;
}

/** Patient/study attributes of a data set ('' for absent type-2 values). */
export function readPatientStudy(ds: NaturalDataset): PatientStudy {
  const s = (k: string): string => optString(ds, k) ?? '';
  return {
    patientName: s('PatientName'),
    patientId: s('PatientID'),
    patientBirthDate: s('PatientBirthDate'),
    patientSex: s('PatientSex'),
    studyInstanceUid: s('StudyInstanceUID'),
    studyId: s('StudyID'),
    studyDate: s('StudyDate'),
    studyTime: s('StudyTime'),
  };
}

const isImage = (f: DicomFile): boolean => f.modality === 'CT' || f.modality === 'MR';

/** The image series among parsed files, grouped by SeriesInstanceUID, in first-seen order. */
export function groupImageSeries(files: readonly DicomFile[]): Map<string, DicomFile[]> {
  const groups = new Map<string, DicomFile[]>();
  for (const f of files.filter(isImage)) {
    const uid = optString(f.dataset, 'SeriesInstanceUID') ?? '';
    groups.set(uid, [...(groups.get(uid) ?? []), f]);
  }
  return groups;
}

/** One line per series: UID, modality, description and slice count. */
export function summarizeSeries(groups: ReadonlyMap<string, readonly DicomFile[]>): SeriesSummary[] {
  return [...groups].map(([uid, files]) => ({
    seriesInstanceUid: uid,
    modality: (files[0] as DicomFile).modality,
    description: optString((files[0] as DicomFile).dataset, 'SeriesDescription') ?? '',
    sliceCount: files.length,
  }));
}

function chooseSeries(files: readonly DicomFile[], wanted: string | undefined, where: string): DicomFile[] {
  const groups = groupImageSeries(files);
  const list = summarizeSeries(groups)
    .map((s) => `${s.seriesInstanceUid} (${s.modality}, '${s.description}', ${s.sliceCount} slices)`)
    .join('; ');
  if (wanted !== undefined) {
    return (
      groups.get(wanted) ??
      fail(new InputError(`no series ${wanted} among the inputs; found: ${list || 'none'}`, {}, where))
    );
  }
  if (groups.size === 0) {
    const modalities = [...new Set(files.map((f) => f.modality || '?'))].join(', ');
    throw new UnsupportedError(
      `no CT or MR image series among the inputs (modalities found: ${modalities})`,
      {},
      where,
    );
  }
  if (groups.size > 1) {
    throw new InputError(
      `inputs hold ${groups.size} image series; choose one with --series: ${list}`,
      {},
      where,
    );
  }
  return [...groups.values()][0] as DicomFile[];
}

const fail = (e: Error): never => {
  throw e;
};

interface Slice extends SliceGeometry {
  readonly dicom: DicomFile;
}

function sliceGeometry(f: DicomFile): Slice {
  const ds = f.dataset;
  if ((optNumber(ds, 'NumberOfFrames') ?? 1) > 1) {
    throw new UnsupportedError(
      'multi-frame (enhanced) CT/MR images are not supported; export single-frame slices',
      {},
      f.file,
    );
  }
  try {
    const layout = readPixelLayout(f);
    const [rowMm, colMm] = reqNumbers(ds, 'PixelSpacing', 2) as [number, number];
    return {
      dicom: f,
      file: f.file,
      positionLpsMm: reqVec3(ds, 'ImagePositionPatient'),
      orientation: reqNumbers(ds, 'ImageOrientationPatient', 6),
      rows: layout.rows,
      columns: layout.columns,
      pixelSpacingMm: [rowMm, colMm],
    };
  } catch (error) {
    throw error instanceof InputError ? error.withFile(f.file) : error;
  }
}

/**
 * Reads a CT or MR series from files and/or directories: groups by SeriesInstanceUID (several → choose with
 * `seriesInstanceUid`, else InputError listing them), sorts along the slice normal, checks orientation, size,
 * uniform spacing and missing slices, decodes pixels (native or JPEG 2000) and applies RescaleSlope/Intercept
 * per slice. The volume is in patient LPS, i fastest (columns), then j (rows), then k (slices along iDir × jDir).
 */
export function readImageSeries(
  paths: string | readonly string[],
  options: ReadImageSeriesOptions = {},
): ImageSeries {
  const list = typeof paths === 'string' ? [paths] : paths;
  const where = list.length === 1 ? (list[0] as string) : `${list.length} inputs`;
  return assembleImageSeries(readDicomInputs(list), options, where);
}

/** As readImageSeries, from files already parsed. */
export function assembleImageSeries(
  files: readonly DicomFile[],
  options: ReadImageSeriesOptions,
  where: string,
): ImageSeries {
  const chosen = chooseSeries(files, options.seriesInstanceUid, where);
  const first = chosen[0] as DicomFile;
  const modality = first.modality as ImageModality;
  const warnings: string[] = [];
  const frameOfReferenceUid = commonFrameOfReference(chosen, warnings);
  const thickness =
    optNumber(first.dataset, 'SpacingBetweenSlices') ?? optNumber(first.dataset, 'SliceThickness');
  if (chosen.length === 1) {
    warnings.push(
      `single-slice series: k spacing taken from ${thickness === undefined ? 'nothing (1 mm assumed)' : `SliceThickness/SpacingBetweenSlices (${thickness} mm)`}`,
    );
  }
  const stacked = stackSlices(
    chosen.map(sliceGeometry),
    frameOfReferenceUid,
    thickness !== undefined && thickness > 0 ? thickness : 1,
  );
  const data = rescaledVoxels(stacked.slices, stacked.grid.size[0] * stacked.grid.size[1]);
  const ts = first.transferSyntaxUid;
  if (isLossySyntax(ts)) warnings.push(`pixel data is lossy-compressed (${transferSyntaxName(ts)})`);
  return {
    modality,
    volume: createVolume(stacked.grid, modality === 'CT' ? 'HU' : 'MR', data),
    seriesInstanceUid: optString(first.dataset, 'SeriesInstanceUID') ?? '',
    sopClassUid: first.sopClassUid,
    sopInstanceUids: stacked.slices.map((s) => optString(s.dicom.dataset, 'SOPInstanceUID') ?? ''),
    description: optString(first.dataset, 'SeriesDescription') ?? '',
    transferSyntaxUid: ts,
    patientStudy: readPatientStudy(first.dataset),
    warnings,
  };
}

/** The one FrameOfReferenceUID of a series ('' with a warning when absent; GeometryError when mixed). */
function commonFrameOfReference(files: readonly DicomFile[], warnings: string[]): string {
  const first = files[0] as DicomFile;
  const uid = optString(first.dataset, 'FrameOfReferenceUID') ?? '';
  if (uid === '') warnings.push('series has no FrameOfReferenceUID');
  for (const f of files) {
    const other = optString(f.dataset, 'FrameOfReferenceUID') ?? '';
    if (other !== uid) {
      throw new GeometryError(
        `mixed frames of reference in one series: ${other} vs ${uid} in ${first.file}`,
        {},
        f.file,
      );
    }
  }
  return uid;
}

/** Decodes each slice (k order) and applies its own RescaleSlope/Intercept, into one float32 array. */
function rescaledVoxels(slices: readonly Slice[], perSlice: number): Float32Array {
  const data = new Float32Array(perSlice * slices.length);
  slices.forEach((slice, k) => {
    const [frame] = decodeFrames(slice.dicom);
    const slope = optNumber(slice.dicom.dataset, 'RescaleSlope') ?? 1;
    const intercept = optNumber(slice.dicom.dataset, 'RescaleIntercept') ?? 0;
    const out = data.subarray(k * perSlice, (k + 1) * perSlice);
    for (let n = 0; n < perSlice; n++)
      out[n] = ((frame as ArrayLike<number>)[n] as number) * slope + intercept;
  });
  return data;
}
