import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { voxelIndex } from '../../../src/core/grid.js';
import { indexToLps, lpsToIndex } from '../../../src/core/transforms.js';
import { valueRange } from '../../../src/core/volume.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { readDicomFile } from '../../../src/dicom/parse.js';
import { readRtDose } from '../../../src/dicom/rtdose.js';
import { writeRtDose } from '../../../src/dicom/rtdose-write.js';
import { writeSyntheticCtSeries } from '../../../src/dicom/series-write.js';
import {
  DICOM_DOSE_ROUNDTRIP_REL,
  DIRECTION_TOLERANCE,
  GEOMETRY_TOLERANCE_MM,
} from '../../helpers/tolerances.js';
import { makeRoundtripDose, makeRoundtripSct, makeSourceMr } from './roundtrip-volumes.js';
import { sha256File } from './real-data.js';

/**
 * Our RTDOSE and sCT series, read back by us and (once, values committed) by pydicom:
 *   EQUIDOSE_DICOM_ROUNDTRIP_OUT=/tmp/rt npx vitest run tests/unit/dicom/roundtrip.test.ts
 *   /usr/bin/python3 tests/fixtures/dicom/make-roundtrip-expected.py /tmp/rt
 * The writers are deterministic (content-derived UIDs, no time stamps), so the SHA-256 of each file pins the
 * exact bytes pydicom read; a writer change fails here until the values are regenerated that way.
 */
const keep = process.env['EQUIDOSE_DICOM_ROUNDTRIP_OUT'];
const out = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'equidose-roundtrip-'));
afterAll(() => {
  if (!keep) rmSync(out, { recursive: true, force: true });
});
if (keep) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
}

interface PydicomRoundtrip {
  rtdose: {
    sha256: string;
    imagePositionPatient: number[];
    imageOrientationPatient: number[];
    pixelSpacing: number[];
    gridFrameOffsetVector: number[];
    doseGridScaling: number;
    doseGridScalingText: string;
    doseUnits: string;
    doseType: string;
    doseSummationType: string;
    frameOfReferenceUid: string;
    referencedRtPlanSopInstanceUid: string;
    doseKji: number[];
  };
  sct: {
    files: { name: string; sha256: string }[];
    imagePositionPatient: number[][];
    imageOrientationPatient: number[];
    pixelSpacing: number[];
    huKji: number[];
    imageType: string[];
    derivationDescription: string;
    imageComments: string;
    frameOfReferenceUid: string;
    studyInstanceUid: string;
    referencedSeriesInstanceUid: string;
    sourceImageSopInstanceUids: string[];
  };
}
const expectedPath = resolve(import.meta.dirname, '../../fixtures/dicom/roundtrip-expected.json');
const PYDICOM = existsSync(expectedPath)
  ? (JSON.parse(readFileSync(expectedPath, 'utf8')) as PydicomRoundtrip)
  : undefined;
const PLAN_UID = '1.2.826.0.1.3680043.8.498.5';

describe('RTDOSE write → read', () => {
  const dose = makeRoundtripDose();
  const path = join(out, 'rtdose.dcm');
  const written = writeRtDose(path, dose, {
    rtPlanSopInstanceUid: PLAN_UID,
    patientStudy: makeSourceMr().patientStudy,
  });
  const maxGy = valueRange(dose.data).max;
  const tolerance = (v: number): number => DICOM_DOSE_ROUNDTRIP_REL * Math.max(Math.abs(v), 0.01 * maxGy);

  it('quantises to 32-bit integers with error ≤ 1e-6 of the maximum (measured ~1e-10)', () => {
    expect(written.doseGridScaling).toBeGreaterThanOrEqual(maxGy / 4294967295);
    expect(written.doseGridScaling).toBeCloseTo(1.397e-8, 11);
    expect(written.maxQuantisationErrorGy).toBeLessThanOrEqual(written.doseGridScaling / 2 + 1e-15);
    expect(written.maxQuantisationErrorGy / maxGy).toBeLessThan(DICOM_DOSE_ROUNDTRIP_REL);
  });

  it('reads back the same doses, geometry, units and plan reference', () => {
    const back = readRtDose(path);
    expect(back.doseUnits).toBe('GY');
    expect(back.doseType).toBe('PHYSICAL');
    expect(back.doseSummationType).toBe('PLAN');
    expect(back.doseGridScaling).toBe(written.doseGridScaling);
    expect(back.referencedRtPlanSopInstanceUid).toBe(PLAN_UID);
    const g = back.volume.grid;
    expect(g.size).toEqual(dose.grid.size);
    expect(g.frameOfReferenceUid).toBe(dose.grid.frameOfReferenceUid);
    for (const ijk of [
      [0, 0, 0],
      [6, 8, 4],
      [3, 2, 1],
    ] as const) {
      const a = indexToLps(g, ijk);
      const b = indexToLps(dose.grid, ijk);
      a.forEach((v, d) => expect(Math.abs(v - b[d]!)).toBeLessThan(GEOMETRY_TOLERANCE_MM));
    }
    dose.data.forEach((v, n) =>
      expect(Math.abs(back.volume.data[n]! - v), `voxel ${n}`).toBeLessThanOrEqual(tolerance(v)),
    );
  });

  it.skipIf(!PYDICOM)(
    'pydicom read the same bytes: doses ≤ 1e-6 relative, geometry, DS spelled exactly',
    () => {
      const p = PYDICOM!.rtdose;
      expect(
        sha256File(path),
        'writer output changed: regenerate roundtrip-expected.json (see file comment)',
      ).toBe(p.sha256);
      expect(p.doseGridScaling).toBe(written.doseGridScaling);
      expect(Number(p.doseGridScalingText)).toBe(written.doseGridScaling);
      expect([p.doseUnits, p.doseType, p.doseSummationType]).toEqual(['GY', 'PHYSICAL', 'PLAN']);
      expect(p.frameOfReferenceUid).toBe(dose.grid.frameOfReferenceUid);
      expect(p.referencedRtPlanSopInstanceUid).toBe(PLAN_UID);
      expect(p.imagePositionPatient).toEqual([...dose.grid.originLpsMm]);
      // 0.955336489125606 needs 17 characters: DS holds the closest 16-character spelling (error ~5e-15).
      [...dose.grid.axes[0], ...dose.grid.axes[1]].forEach((v, n) =>
        expect(Math.abs(p.imageOrientationPatient[n]! - v)).toBeLessThan(DIRECTION_TOLERANCE),
      );
      expect(p.pixelSpacing).toEqual([dose.grid.spacingMm[1], dose.grid.spacingMm[0]]);
      expect(p.gridFrameOffsetVector).toEqual([0, -4, -8, -12, -16]);
      // pydicom's [k][j][i] array, flattened, is our memory order (i fastest).
      dose.data.forEach((v, n) =>
        expect(Math.abs(p.doseKji[n]! - v), `voxel ${n}`).toBeLessThanOrEqual(tolerance(v)),
      );
    },
  );
});

describe('sCT series write → read', () => {
  const sct = makeRoundtripSct();
  const mr = makeSourceMr();
  const dir = join(out, 'sct');
  const written = writeSyntheticCtSeries(dir, sct, mr, 'test model v1');

  it('writes one CT file per slice in the MR frame of reference, new UIDs, a clamping warning', () => {
    expect(readdirSync(dir).sort()).toEqual(['CT.0001.dcm', 'CT.0002.dcm', 'CT.0003.dcm', 'CT.0004.dcm']);
    expect(written.seriesInstanceUid).toMatch(/^2\.25\.\d{1,39}$/);
    expect(new Set([written.seriesInstanceUid, ...written.sopInstanceUids, ...mr.sopInstanceUids]).size).toBe(
      9,
    );
    expect(written.warnings).toEqual(['1 voxels outside −1024 … 64511 HU were clamped']);
    const first = readDicomFile(join(dir, 'CT.0001.dcm')).dataset;
    expect(first['ImageType']).toEqual(['DERIVED', 'SECONDARY', 'AXIAL']);
    expect(first['FrameOfReferenceUID']).toBe(mr.grid.frameOfReferenceUid);
    expect(first['StudyInstanceUID']).toBe(mr.patientStudy.studyInstanceUid);
    expect(String(first['ImageComments'])).toMatch(/^SYNTHETIC CT/);
    expect(String(first['DerivationDescription'])).toBe(
      `Synthetic CT computed from MR series ${mr.seriesInstanceUid} by test model v1`,
    );
  });

  it('reads back with the same geometry and HU rounded to integers (−1500 clamped to −1024)', () => {
    const back = readImageSeries(dir);
    expect(back.modality).toBe('CT');
    expect(back.sopInstanceUids).toEqual(written.sopInstanceUids);
    const g = back.volume.grid;
    expect(g.size).toEqual(sct.grid.size);
    for (const ijk of [
      [0, 0, 0],
      [5, 4, 3],
    ] as const) {
      const a = indexToLps(g, ijk);
      lpsToIndex(sct.grid, a).forEach((v, d) => expect(Math.abs(v - ijk[d]!)).toBeLessThan(1e-6));
    }
    sct.data.forEach((v, n) =>
      expect(back.volume.data[n], `voxel ${n}`).toBe(Math.max(-1024, Math.round(v))),
    );
  });

  it.skipIf(!PYDICOM)('pydicom read the same files: HU, geometry, references, synthetic markers', () => {
    const p = PYDICOM!.sct;
    expect(p.files.map((f) => f.name)).toEqual(readdirSync(dir).sort());
    for (const f of p.files) expect(sha256File(join(dir, f.name)), f.name).toBe(f.sha256);
    expect(p.imageType).toEqual(['DERIVED', 'SECONDARY', 'AXIAL']);
    expect(p.frameOfReferenceUid).toBe(mr.grid.frameOfReferenceUid);
    expect(p.studyInstanceUid).toBe(mr.patientStudy.studyInstanceUid);
    expect(p.referencedSeriesInstanceUid).toBe(mr.seriesInstanceUid);
    expect(p.sourceImageSopInstanceUids).toEqual(mr.sopInstanceUids);
    expect(p.imageComments).toMatch(/^SYNTHETIC CT/);
    expect(p.derivationDescription).toContain(mr.seriesInstanceUid);
    [...sct.grid.axes[0], ...sct.grid.axes[1]].forEach((v, n) =>
      expect(Math.abs(p.imageOrientationPatient[n]! - v)).toBeLessThan(DIRECTION_TOLERANCE),
    );
    expect(p.pixelSpacing).toEqual([sct.grid.spacingMm[1], sct.grid.spacingMm[0]]);
    p.imagePositionPatient.forEach((ipp, k) => {
      const expected = indexToLps(sct.grid, [0, 0, k]);
      ipp.forEach((v, d) => expect(Math.abs(v - expected[d]!)).toBeLessThan(GEOMETRY_TOLERANCE_MM));
    });
    sct.data.forEach((v, n) => expect(p.huKji[n], `voxel ${n}`).toBe(Math.max(-1024, Math.round(v))));
    expect(p.huKji[voxelIndex(sct.grid.size, 5, 4, 3)]).toBe(Math.round(sct.data[119]!));
  });
});
