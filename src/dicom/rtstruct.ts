import { GeometryError, InputError, UnsupportedError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import type { PlanarContour, Structure, StructureSet } from '../core/structures.js';
import type { Vec3 } from '../core/vec3.js';
import { type NaturalDataset, numbers, optNumber, optString, reqNumber, sequence } from './dataset.js';
import { type DicomFile, readDicomFile } from './parse.js';

/** A structure set read from RTSTRUCT, with the identifiers other objects reference it by. */
export interface RtStructData extends StructureSet {
  readonly sopInstanceUid: string;
  readonly structureSetLabel: string;
  /** Closed planar contours per ROI number as stored (POINT/OPEN_PLANAR excluded). */
  readonly closedPlanarCountByRoi: ReadonlyMap<number, number>;
  /** Image series the contours were drawn on (RTReferencedSeriesSequence), when stated. */
  readonly referencedSeriesInstanceUids: readonly string[];
}

/** Reads an RTSTRUCT file (Part-10 or raw data set). */
export function readRtStruct(path: string): RtStructData {
  return rtStructFromDicom(readDicomFile(path));
}

/**
 * RTSTRUCT → StructureSet: ROI number, name, type (RTROIInterpretedType from RTROIObservationsSequence),
 * colour, CLOSED_PLANAR contours in patient LPS mm (ContourData as stored: DICOM patient coordinates are LPS),
 * and the referenced frame of reference. POINT and OPEN_PLANAR contours are skipped with a warning.
 */
export function rtStructFromDicom(dicom: DicomFile): RtStructData {
  try {
    return convert(dicom);
  } catch (error) {
    throw error instanceof InputError || error instanceof GeometryError || error instanceof UnsupportedError
      ? error.withFile(dicom.file)
      : error;
  }
}

function convert(dicom: DicomFile): RtStructData {
  const ds = dicom.dataset;
  if (dicom.modality !== 'RTSTRUCT') throw new InputError(`not an RTSTRUCT (Modality '${dicom.modality}')`);
  const warnings: string[] = [];
  const frameOfReferenceUid = structureSetFrameOfReference(ds);
  const types = new Map<number, string>();
  for (const obs of sequence(ds, 'RTROIObservationsSequence')) {
    types.set(reqNumber(obs, 'ReferencedROINumber'), optString(obs, 'RTROIInterpretedType') ?? '');
  }
  const contoursByRoi = new Map<number, NaturalDataset>();
  for (const rc of sequence(ds, 'ROIContourSequence'))
    contoursByRoi.set(reqNumber(rc, 'ReferencedROINumber'), rc);
  const closedPlanarCountByRoi = new Map<number, number>();
  const structures: Structure[] = sequence(ds, 'StructureSetROISequence').map((roi) => {
    const roiNumber = reqNumber(roi, 'ROINumber');
    const name = optString(roi, 'ROIName') ?? `ROI ${roiNumber}`;
    const roiFrame = optString(roi, 'ReferencedFrameOfReferenceUID');
    if (roiFrame !== undefined && frameOfReferenceUid !== '' && roiFrame !== frameOfReferenceUid) {
      throw new UnsupportedError(
        `ROI ${roiNumber} '${name}' is in frame of reference ${roiFrame}, the structure set in ${frameOfReferenceUid}: structure sets spanning several frames are not supported`,
      );
    }
    const rc = contoursByRoi.get(roiNumber);
    const contours = rc ? readContours(rc, roiNumber, name, warnings) : [];
    closedPlanarCountByRoi.set(roiNumber, contours.length);
    const color = rc ? numbers(rc, 'ROIDisplayColor') : [];
    const colorRgb: Vec3 | undefined =
      color.length === 3 ? [color[0] as number, color[1] as number, color[2] as number] : undefined;
    return { roiNumber, name, type: types.get(roiNumber) ?? '', ...(colorRgb ? { colorRgb } : {}), contours };
  });
  return {
    frameOfReferenceUid,
    structures,
    warnings,
    sopInstanceUid: optString(ds, 'SOPInstanceUID') ?? '',
    structureSetLabel: optString(ds, 'StructureSetLabel') ?? '',
    closedPlanarCountByRoi,
    referencedSeriesInstanceUids: referencedSeries(ds),
  };
}

function referencedSeries(ds: NaturalDataset): string[] {
  const uids = sequence(ds, 'ReferencedFrameOfReferenceSequence')
    .flatMap((f) => sequence(f, 'RTReferencedStudySequence'))
    .flatMap((st) => sequence(st, 'RTReferencedSeriesSequence'))
    .map((se) => optString(se, 'SeriesInstanceUID') ?? '');
  return [...new Set(uids.filter((u) => u !== ''))];
}

/** The single frame of reference of ReferencedFrameOfReferenceSequence ('' when absent). */
function structureSetFrameOfReference(ds: NaturalDataset): string {
  const uids = [
    ...new Set(
      sequence(ds, 'ReferencedFrameOfReferenceSequence').map(
        (f) => optString(f, 'FrameOfReferenceUID') ?? '',
      ),
    ),
  ].filter((u) => u !== '');
  if (uids.length > 1) {
    throw new UnsupportedError(
      `structure set references ${uids.length} frames of reference (${uids.join(', ')}); only one is supported`,
    );
  }
  return uids[0] ?? '';
}

function readContours(
  rc: NaturalDataset,
  roiNumber: number,
  name: string,
  warnings: string[],
): PlanarContour[] {
  const skipped = new Map<string, number>();
  const contours: PlanarContour[] = [];
  sequence(rc, 'ContourSequence').forEach((c, n) => {
    const type = optString(c, 'ContourGeometricType') ?? '';
    if (type !== 'CLOSED_PLANAR') {
      skipped.set(type, (skipped.get(type) ?? 0) + 1);
      return;
    }
    const data = numbers(c, 'ContourData');
    const declared = optNumber(c, 'NumberOfContourPoints') ?? data.length / 3;
    if (data.length % 3 !== 0 || data.length !== declared * 3) {
      throw new InputError(
        `ROI ${roiNumber} '${name}' contour ${n + 1}: ContourData has ${data.length} values, NumberOfContourPoints says ${declared} points`,
      );
    }
    if (declared < 3) {
      skipped.set('CLOSED_PLANAR with < 3 points', (skipped.get('CLOSED_PLANAR with < 3 points') ?? 0) + 1);
      return;
    }
    contours.push({ pointsLpsMm: Float64Array.from(data) });
  });
  for (const [type, count] of skipped) {
    warnings.push(
      `ROI ${roiNumber} '${name}': ${count} ${type || 'untyped'} contour(s) ignored (only CLOSED_PLANAR is used)`,
    );
  }
  return contours;
}

/**
 * Throws GeometryError when a structure set and an image grid are in different frames of reference
 * (contours would land in the wrong place). A structure set with no frame ('' = unknown) passes. When the
 * RTSTRUCT names the image's series among the series it was drawn on, the message says so: the RTSTRUCT's
 * FrameOfReferenceUID is then inconsistent with its own references (seen in files written by some tools).
 */
export function assertSameFrameOfReference(
  structures: Pick<StructureSet, 'frameOfReferenceUid'> & {
    referencedSeriesInstanceUids?: readonly string[];
  },
  grid: Grid3,
  imageSeriesInstanceUid?: string,
): void {
  const a = structures.frameOfReferenceUid;
  const b = grid.frameOfReferenceUid;
  if (a === '' || b === '' || a === b) return;
  const drawnOnIt =
    imageSeriesInstanceUid !== undefined &&
    (structures.referencedSeriesInstanceUids ?? []).includes(imageSeriesInstanceUid);
  throw new GeometryError(
    `RTSTRUCT is in frame of reference ${a} but the image is in ${b}: they are not registered to each other` +
      (drawnOnIt
        ? ` (the RTSTRUCT does name this image series ${imageSeriesInstanceUid} as its source, so its frame-of-reference UID is inconsistent)`
        : ''),
    { structureFrameOfReferenceUid: a, imageFrameOfReferenceUid: b },
  );
}
