import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Shared access to the real DICOM files in ../shared/data (never copied into the repo) and to the pydicom
 * reference values of tests/fixtures/dicom/expected.json (made by make-expected.py beside it).
 */
export const SHARED_DATA = resolve(import.meta.dirname, '../../../../shared/data');
export const HAVE_SHARED_DATA =
  existsSync(join(SHARED_DATA, 'dicom')) && existsSync(join(SHARED_DATA, 'real'));
/** Appended to the titles of suites that need ../shared/data: says why they skip, and nothing when they run. */
export const SKIP_NOTE = HAVE_SHARED_DATA ? '' : ` [skipped: ../shared/data is absent (${SHARED_DATA})]`;

export const dataPath = (relative: string): string => join(SHARED_DATA, relative);

export const sha256File = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

export interface ExpectedSeries {
  files: string[];
  sha256: Record<string, string>;
  modality: string;
  transferSyntaxUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  size: [number, number, number];
  spacingMm: [number, number, number];
  originLpsMm: [number, number, number];
  axes: [number[], number[], number[]];
  sopInstanceUidsInKOrder: string[];
  valueSum: number;
  valueMin: number;
  valueMax: number;
  samples: { ijk: [number, number, number]; value: number }[];
}

export interface ExpectedRoi {
  roiNumber: number;
  name: string;
  type: string;
  colorRgb: [number, number, number] | null;
  closedPlanarContours: number;
  closedPlanarVertices: number;
  otherContours: Record<string, number>;
  firstContourFirstPointLpsMm: number[] | null;
  lastContourLastPointLpsMm: number[] | null;
}

export interface ExpectedRtStruct {
  file: string;
  sha256: string;
  hasPreamble: boolean;
  frameOfReferenceUid: string;
  rois: ExpectedRoi[];
}

export interface ExpectedControlPoint {
  gantryDeg: number;
  collimatorDeg: number;
  couchDeg: number;
  cumulativeMetersetWeight: number;
  devices: Record<string, number[]>;
}

export interface ExpectedBeam {
  beamNumber: number;
  name: string;
  beamType: string;
  radiationType: string;
  sourceAxisDistanceMm: number;
  beamMetersetMu: number;
  finalCumulativeMetersetWeight: number;
  numberOfControlPoints: number;
  isocenterLpsMm: [number, number, number];
  nominalEnergyMV: number;
  leafBoundariesMm: number[] | null;
  controlPoints: ExpectedControlPoint[];
  controlPointIndicesSampled: number[];
  cumulativeMetersetWeights: number[];
}

export interface ExpectedRtPlan {
  file: string;
  sha256: string;
  patientPosition: string;
  numberOfFractionsPlanned: number;
  targetPrescriptionDoseGy: number | null;
  beams: ExpectedBeam[];
}

export interface ExpectedRtDose {
  file: string;
  sha256: string;
  size: [number, number, number];
  spacingMm: [number, number, number];
  originLpsMm: [number, number, number];
  axes: [number[], number[], number[]];
  frameOfReferenceUid: string;
  gridFrameOffsetVectorMm: number[];
  doseGridScaling: number;
  doseUnits: string;
  doseType: string;
  doseSummationType: string;
  maxDose: number;
  doseSum: number;
  samples: { ijk: [number, number, number]; value: number }[];
}

export interface Expected {
  generatedBy: string;
  series: Record<string, ExpectedSeries>;
  rtstruct: Record<string, ExpectedRtStruct>;
  rtplan: Record<string, ExpectedRtPlan>;
  rtdose: Record<string, ExpectedRtDose>;
}

export const EXPECTED = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/dicom/expected.json'), 'utf8'),
) as Expected;
