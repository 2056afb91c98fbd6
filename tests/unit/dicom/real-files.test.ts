import { describe, expect, it } from 'vitest';
import { voxelIndex } from '../../../src/core/grid.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { readDicomFile } from '../../../src/dicom/parse.js';
import { readRtDose } from '../../../src/dicom/rtdose.js';
import { assertSameFrameOfReference, readRtStruct } from '../../../src/dicom/rtstruct.js';
import {
  GEOMETRY_TOLERANCE_MM,
  DIRECTION_TOLERANCE,
  DICOM_DOSE_FLOAT32_REL,
} from '../../helpers/tolerances.js';
import {
  EXPECTED,
  type ExpectedSeries,
  HAVE_SHARED_DATA,
  SKIP_NOTE,
  dataPath,
  sha256File,
} from './real-data.js';

/**
 * Reads the real files in ../shared/data and compares with pydicom's reading of the same files
 * (tests/fixtures/dicom/expected.json, made by make-expected.py). Inputs are pinned by SHA-256.
 */

function expectSeries(e: ExpectedSeries, input: string | string[]): void {
  for (const [file, hash] of Object.entries(e.sha256)) expect(sha256File(dataPath(file)), file).toBe(hash);
  const series = readImageSeries(input);
  const { grid, data } = series.volume;
  expect(series.modality).toBe(e.modality);
  expect(series.volume.quantity).toBe(e.modality === 'CT' ? 'HU' : 'MR');
  expect(series.seriesInstanceUid).toBe(e.seriesInstanceUid);
  expect(series.transferSyntaxUid).toBe(e.transferSyntaxUid);
  expect(grid.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
  expect(grid.size).toEqual(e.size);
  grid.spacingMm.forEach((v, d) => expect(v).toBeCloseTo(e.spacingMm[d] as number, 9));
  grid.originLpsMm.forEach((v, d) =>
    expect(Math.abs(v - (e.originLpsMm[d] as number))).toBeLessThan(GEOMETRY_TOLERANCE_MM),
  );
  grid.axes.forEach((axis, a) =>
    axis.forEach((v, d) =>
      expect(Math.abs(v - (e.axes[a]?.[d] as number))).toBeLessThan(DIRECTION_TOLERANCE),
    ),
  );
  expect(series.sopInstanceUids).toEqual(e.sopInstanceUidsInKOrder);
  // Stored values are integers and slope/intercept exact in float32 here, so sums agree exactly in float64.
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  expect(sum).toBe(e.valueSum);
  expect([min, max]).toEqual([e.valueMin, e.valueMax]);
  for (const s of e.samples)
    expect(data[voxelIndex(grid.size, ...s.ijk)], `voxel ${s.ijk.join(',')}`).toBe(s.value);
}

describe.skipIf(!HAVE_SHARED_DATA)(`image series vs pydicom${SKIP_NOTE}`, () => {
  it('reads the JPEG 2000 TotalSegmentator CT series (directory): geometry, k order and every HU', () => {
    const e = EXPECTED.series['totalsegmentatorJ2k'] as ExpectedSeries;
    expect(e.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.90');
    expectSeries(e, dataPath('real/totalsegmentator_example/example_ct_dicom'));
  });

  it('reads the rt-utils phantom CT pair from a file list in reverse order (sorted along the normal)', () => {
    const e = EXPECTED.series['rtutilsPhantom'] as ExpectedSeries;
    expectSeries(e, [...e.files].reverse().map(dataPath));
  });

  it.each(['pydicomCtSmall', 'pydicomMrSmall', 'dicompylerCt'])('reads the single slice %s', (key) => {
    const e = EXPECTED.series[key] as ExpectedSeries;
    expectSeries(e, dataPath(e.files[0] as string));
  });

  it('reads the rt-utils directory although it also holds an RTSTRUCT', () => {
    const series = readImageSeries(dataPath('real/rtutils_phantom_rtstruct'));
    expect(series.volume.grid.size).toEqual([512, 512, 2]);
  });
});

describe.skipIf(!HAVE_SHARED_DATA)(`RTSTRUCT vs pydicom${SKIP_NOTE}`, () => {
  it.each(['pydicom', 'dicompyler', 'rtutils'])('%s: ROI numbers, names, types, colours, contours', (key) => {
    const e = EXPECTED.rtstruct[key]!;
    expect(sha256File(dataPath(e.file))).toBe(e.sha256);
    const set = readRtStruct(dataPath(e.file));
    expect(set.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
    expect(set.structures.map((s) => s.roiNumber)).toEqual(e.rois.map((r) => r.roiNumber));
    for (const [n, roi] of e.rois.entries()) {
      const s = set.structures[n]!;
      expect(s.name).toBe(roi.name);
      expect(s.type).toBe(roi.type);
      if (roi.colorRgb) expect(s.colorRgb).toEqual(roi.colorRgb);
      expect(s.contours.length, roi.name).toBe(roi.closedPlanarContours);
      expect(s.contours.reduce((v, c) => v + c.pointsLpsMm.length / 3, 0)).toBe(roi.closedPlanarVertices);
      if (roi.firstContourFirstPointLpsMm) {
        expect(Array.from(s.contours[0]!.pointsLpsMm.subarray(0, 3))).toEqual(
          roi.firstContourFirstPointLpsMm,
        );
        expect(Array.from(s.contours.at(-1)!.pointsLpsMm.subarray(-3))).toEqual(
          roi.lastContourLastPointLpsMm,
        );
      }
      for (const [type, count] of Object.entries(roi.otherContours)) {
        expect(set.warnings).toContain(
          `ROI ${roi.roiNumber} '${roi.name}': ${count} ${type} contour(s) ignored (only CLOSED_PLANAR is used)`,
        );
      }
    }
  });

  it('reads pydicom_rtstruct.dcm, which has no Part-10 preamble', () => {
    expect(EXPECTED.rtstruct['pydicom']!.hasPreamble).toBe(false);
    const file = readDicomFile(dataPath('dicom/pydicom_rtstruct.dcm'));
    expect(file.hasPart10Header).toBe(false);
    expect(file.modality).toBe('RTSTRUCT');
  });

  it('accepts the dicompyler RTSTRUCT on its CT slice; refuses it on a CT in another frame of reference', () => {
    const set = readRtStruct(dataPath('dicom/dicompyler_rtss.dcm'));
    const ct = readImageSeries(dataPath('dicom/dicompyler_ct.0.dcm'));
    expect(() => assertSameFrameOfReference(set, ct.volume.grid)).not.toThrow();
    const other = readImageSeries(dataPath('dicom/pydicom_CT_small.dcm'));
    expect(() => assertSameFrameOfReference(set, other.volume.grid)).toThrow(
      'RTSTRUCT is in frame of reference 2.16.840.1.113662.2.12.0.3057.1241703565.36 but the image is in ' +
        '1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322: they are not registered to each other',
    );
  });

  it('refuses the real rt-utils RTSTRUCT on its own CT: its FrameOfReferenceUID contradicts its series reference', () => {
    // rt-utils wrote a fresh frame-of-reference UID into the RTSTRUCT while naming the CT series as its source.
    const set = readRtStruct(dataPath('real/rtutils_phantom_rtstruct/rt.dcm'));
    const ct = readImageSeries(dataPath('real/rtutils_phantom_rtstruct'));
    expect(set.referencedSeriesInstanceUids).toEqual([ct.seriesInstanceUid]);
    expect(() => assertSameFrameOfReference(set, ct.volume.grid, ct.seriesInstanceUid)).toThrow(
      /is in frame of reference 1\.2\.826\.0\.1\.3680043\.8\.498\.4132.* but the image is in 1\.2\.840\.113619\.2\.405.*does name this image series/,
    );
  });
});

describe.skipIf(!HAVE_SHARED_DATA)(`RTDOSE vs pydicom${SKIP_NOTE}`, () => {
  it('reads pydicom_rtdose.dcm (RELATIVE units only on request): grid, scaling and doses', () => {
    const e = EXPECTED.rtdose['pydicom']!;
    const path = dataPath(e.file);
    expect(sha256File(path)).toBe(e.sha256);
    expect(() => readRtDose(path)).toThrow(/DoseUnits RELATIVE/);
    const dose = readRtDose(path, { allowRelativeUnits: true });
    const { grid, data } = dose.volume;
    expect(dose.doseUnits).toBe(e.doseUnits);
    expect(dose.doseType).toBe(e.doseType);
    expect(dose.doseSummationType).toBe(e.doseSummationType);
    expect(dose.doseGridScaling).toBe(e.doseGridScaling);
    expect(dose.warnings).toContain('DoseUnits RELATIVE: values are relative dose, not Gy');
    expect(grid.size).toEqual(e.size);
    expect(grid.spacingMm).toEqual(e.spacingMm);
    expect(grid.originLpsMm).toEqual(e.originLpsMm);
    expect(grid.axes).toEqual(e.axes);
    expect(grid.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
    let max = 0;
    let sum = 0;
    for (const v of data) {
      max = Math.max(max, v);
      sum += v;
    }
    // Doses are float32 (stored × scaling rounded once): ≤ 2^-24 relative per voxel.
    expect(Math.abs(max - e.maxDose) / e.maxDose).toBeLessThan(DICOM_DOSE_FLOAT32_REL);
    expect(Math.abs(sum - e.doseSum) / e.doseSum).toBeLessThan(DICOM_DOSE_FLOAT32_REL);
    for (const s of e.samples) {
      const v = data[voxelIndex(grid.size, ...s.ijk)]!;
      expect(Math.abs(v - s.value) / s.value, `voxel ${s.ijk.join(',')}`).toBeLessThan(
        DICOM_DOSE_FLOAT32_REL,
      );
    }
  });
});
